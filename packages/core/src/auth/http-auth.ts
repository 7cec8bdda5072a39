import type { Logger } from '../log.js';
import type { AuthFailureReason } from '../metrics/conventions.js';
import type { InfraServer } from '../server.js';
import type { Authenticator, ExtraRoute } from '../transport/http.js';
import { openApiKeyStore, type ApiKeyStore } from './api-key-store.js';
import { isAuthConfigured, type AuthConfig } from './auth-config.js';
import { createAuthenticator } from './authenticator.js';
import { discoverJwksUrl } from './issuer-discovery.js';
import { createJwtVerifier } from './jwt-verifier.js';
import { protectedResourceMetadataRoute } from './resource-metadata.js';

/** Authentication for the HTTP host: the authenticator, its metadata routes, and a reload hook. */
export interface HttpAuth {
  readonly authenticate: Authenticator;
  /** The routes that publish each server's Protected Resource Metadata (none without OAuth). */
  routesFor(servers: readonly InfraServer[]): ExtraRoute[];
  /** What is on, for the startup log line (never secrets). */
  // Field names that do not look secret, so the logger's redaction leaves them readable.
  readonly summary: { keysFile?: string; keyCount?: number; issuer?: string; jwksUrl?: string };
  /** Re-reads the API keys file (wire it to SIGHUP). */
  reload(): Promise<void>;
}

/** Options for {@link createHttpAuth}. */
export interface HttpAuthOptions {
  log: Logger;
  /** Used for issuer discovery. */
  fetch?: typeof fetch;
  /** Observes each refusal (metrics). */
  onFailure?: (reason: AuthFailureReason, server: string) => void;
}

/**
 * Builds HTTP authentication from its settings: loads the API keys file and
 * discovers the issuer's JWKS (failures are `ConfigError`s at startup).
 * Returns `undefined` when nothing is configured.
 */
export async function createHttpAuth(config: AuthConfig, options: HttpAuthOptions): Promise<HttpAuth | undefined> {
  if (!isAuthConfigured(config)) return undefined;
  const apiKeys: ApiKeyStore | undefined =
    config.apiKeysFile === undefined ? undefined : await openApiKeyStore(config.apiKeysFile, { log: options.log });
  const oauth = config.oauth;
  const jwksUrl =
    oauth === undefined
      ? undefined
      : (oauth.jwksUrl ??
        (await discoverJwksUrl(oauth.issuer, options.fetch === undefined ? {} : { fetch: options.fetch })));
  const verifier =
    oauth === undefined || jwksUrl === undefined
      ? undefined
      : createJwtVerifier({
          issuer: oauth.issuer,
          jwksUrl,
          clockToleranceSeconds: oauth.clockToleranceSeconds,
          log: options.log,
        });
  return {
    authenticate: createAuthenticator({
      log: options.log,
      ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
      ...(apiKeys === undefined ? {} : { apiKeys }),
      ...(verifier === undefined ? {} : { oauth: verifier }),
    }),
    routesFor: (servers) => (oauth === undefined ? [] : [protectedResourceMetadataRoute(servers, oauth.issuer)]),
    summary: {
      ...(apiKeys === undefined ? {} : { keysFile: apiKeys.path, keyCount: apiKeys.size() }),
      ...(oauth === undefined ? {} : { issuer: oauth.issuer, jwksUrl }),
    },
    reload: async () => apiKeys?.reload(),
  };
}
