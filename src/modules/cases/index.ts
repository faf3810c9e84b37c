/** The cases module's public face: the counter's case opener, the worklist routes and moving a case. */
export { CaseOpener } from './case-opener.ts';
export { findCase, worklist } from './case-repository.ts';
export { CaseNotFoundError, CaseTransitionError, moveCase } from './move-case.ts';
export { caseRoutes } from './routes.ts';
