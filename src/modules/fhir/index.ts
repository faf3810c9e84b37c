/** The FHIR module's public face: the facility systems' routes, their API keys and the key guard. */
export { ApiKeyGuard } from './api-key-guard.ts';
export { type ApiKeyHolder, type ApiKeyInfo, listApiKeys } from './api-keys.ts';
export { ApiKeyInputError, createApiKey } from './create-api-key.ts';
export { type RevokeResult, revokeApiKey } from './revoke-api-key.ts';
export { fhirRoutes } from './routes.ts';
