/** The funding module's public face: plans on the current data, the programmes file, saved plans. */
export { currentBatches, readCandidates, readResidentFacts } from './candidate-repository.ts';
export { FundingService, type PlanJson, type PlanOutcome } from './funding-service.ts';
export { exportPlan, type PlanExportFormat } from './plan-export.ts';
export { findProgrammes } from './programmes-repository.ts';
export { ledgerRoutes } from './ledger-routes.ts';
export { fundingRoutes } from './routes.ts';
export { confirmActivations, FundingCaseMoveError, moveFundingCases } from './move-funding-cases.ts';
export { savePlan } from './save-plan.ts';
export { ProgrammesInputError, programmesOrThrow, saveProgrammes } from './save-programmes.ts';
export { startSolveWorker } from './solve-in-worker.ts';
