export { authenticateApiKey, createApiKey, listApiKeys, networkOf, revokeApiKey, rollApiKey, type ApiCaller, type ApiKeyView } from "./api-keys";
export { API_KEY_PREFIX, apiKeyLooksValid, mintApiKeySecret } from "./key-format";
export { API_KEY_DEFAULT_DAYS, API_KEY_MAX_DAYS, CreateApiKeyInput } from "./schemas";
export { API_RESOURCE_LABELS, API_RESOURCES, API_SCOPES, type ApiScope, PERMISSION_SCOPE, permissionsForScopes, scopeHeld } from "./scopes";
export { type Claim, claimIdempotencyKey, IDEMPOTENCY_SECONDS, settleIdempotencyKey, type StoredAnswer } from "./idempotency";
