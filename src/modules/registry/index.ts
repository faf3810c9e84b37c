/** The registry module's public face: imports (file, job, routes), the import history and the sources. */
export { abandonInterruptedBatches, listBatches, listIssues } from './batch-repository.ts';
export { type ImportProgress, type ImportRequest, type ImportResult, importFile } from './import-file.ts';
export { ImportJobs, type JobView } from './import-jobs.ts';
export { registryRoutes } from './routes.ts';
export { isSource, type Source, SOURCES } from './sources.ts';
// Facilities and visits (issue 15): self-contained beside the population imports.
export { FACILITY_SOURCES, type FacilitySource, isFacilitySource } from './facility-sources.ts';
export { FacilityImportQueue, facilityImportRoutes } from './facility-routes.ts';
export { type FacilityImportRequest, type FacilityImportResult, importFacilityFile } from './import-facility-file.ts';
