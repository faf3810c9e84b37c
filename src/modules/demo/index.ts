/** The demo module's public face: the synthetic demo district and its logins. */
export {
  createDemoDistrict,
  DEFAULT_SEED,
  DEMO_LOGINS,
  type DemoLogin,
  type DemoStep,
  FIRST_START_SCALE,
  hasImportedData,
  isDemoDatabase,
  NotADemoDatabaseError,
} from './create-demo.ts';
