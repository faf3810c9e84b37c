/** The coverage module's public face: the figures, their exports and routes. */
export { CoverageService } from './coverage-service.ts';
export { type ExportFormat, type ExportLanguage, exportCoverage } from './export.ts';
export { coverageRoutes } from './routes.ts';
export { snapshotOnImport } from './snapshot-repository.ts';
