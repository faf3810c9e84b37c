/** The quality module's public face (issue 15): facility scorecards, their files, the diagnoses reference. */
export { loadDiagnoses } from './diagnosis-repository.ts';
export { evaluationReport, exportScorecards, monthNameId, type ScorecardFormat, scorecardCsv } from './export.ts';
export { DiagnosisListError, replaceNonSpecialistDiagnoses } from './replace-diagnoses.ts';
export { complaintsPerFacilityMonth, loadScorecards, openOverdueComplaints } from './scorecard-repository.ts';
export { ScorecardService, type ScorecardView, type ScorecardViewRow, type TrendPoint } from './scorecard-service.ts';
export { qualityRoutes } from './routes.ts';
