/** The eligibility module's public face: the counter check, the self-check and their routes. */
export { BpjsConfig, readBpjsConfig } from './bpjs/config.ts';
export {
  type Asker,
  type CheckChannel,
  type EligibilityAnswer,
  type EligibilityOptions,
  EligibilityService,
  type EligibilitySource,
  InvalidNikError,
} from './eligibility-service.ts';
export { districtPolicy } from './policy.ts';
export { eligibilityRoutes } from './routes.ts';
