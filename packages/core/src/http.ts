// The HTTP side of the platform: the Streamable HTTP host and its authentication. Kept out of the
// main entry so that a stdio server never loads the HTTP adapter, its web-standard shims or jose.
export {
  startHttpHost,
  type HttpHost,
  type HttpHostOptions,
  type Authenticator,
  type Authentication,
  type AuthRequest,
  type ExtraRoute,
  type RouteContext,
} from './transport/http.js';
export { isLoopbackHost, sendJson } from './transport/http-util.js';
export {
  loadAuthConfig,
  isAuthConfigured,
  defaultApiKeysFile,
  apiKeysFilePath,
  type AuthConfig,
  type OAuthConfig,
} from './auth/auth-config.js';
export {
  hashApiKey,
  generateApiKey,
  minApiKeyLength,
  apiKeyEntrySchema,
  scopeToken,
  principalName,
  type ApiKeyEntry,
} from './auth/api-key.js';
export { readApiKeyFile, parseApiKeyFile, appendApiKeyEntry } from './auth/api-key-file.js';
export { openApiKeyStore, type ApiKeyStore, type ApiKeyStoreOptions } from './auth/api-key-store.js';
export { discoverJwksUrl, metadataUrls, type DiscoveryOptions } from './auth/issuer-discovery.js';
export {
  createJwtVerifier,
  allowedAlgorithms,
  type JwtVerifier,
  type JwtVerifierOptions,
  type TokenCheck,
} from './auth/jwt-verifier.js';
export {
  resourceUrl,
  resourceMetadataUrl,
  scopesOf,
  protectedResourceMetadata,
  protectedResourceMetadataRoute,
} from './auth/resource-metadata.js';
export { bearerChallenge, type ChallengeParams } from './auth/challenge.js';
export { createAuthenticator, type AuthenticatorOptions } from './auth/authenticator.js';
export { createHttpAuth, type HttpAuth, type HttpAuthOptions } from './auth/http-auth.js';
