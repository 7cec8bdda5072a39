import type { IncomingMessage } from 'node:http';
import { requiredScopes } from '../pipeline/authorize.js';
import type { Logger } from '../log.js';
import type { InfraServer } from '../server.js';
import type { Authentication, Authenticator } from '../transport/http.js';
import type { ApiKeyStore } from './api-key-store.js';
import { sendRefusal, type ChallengeParams } from './challenge.js';
import type { JwtVerifier } from './jwt-verifier.js';
import { resourceMetadataUrl, resourceUrl } from './resource-metadata.js';
import { challengeScope, scopeShortfalls } from './step-up.js';

/** Options for {@link createAuthenticator}; at least one mechanism. */
export interface AuthenticatorOptions {
  apiKeys?: ApiKeyStore;
  /** Verifies OAuth access tokens; each server checks for its own audience. */
  oauth?: JwtVerifier;
  log: Logger;
}

/**
 * Resolves the caller from `Authorization: Bearer <credential>`: a known API
 * key, else (with OAuth on) a JWT access token for this server. Answers 401
 * with a challenge pointing at the server's metadata otherwise, and 403
 * `insufficient_scope` when an OAuth caller calls a tool beyond its scopes.
 * The credential itself is never logged or echoed.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const log = options.log.child({ component: 'auth' });
  return async ({ request, server, body, publicUrl }) => {
    const metadata = options.oauth === undefined ? undefined : resourceMetadataUrl(publicUrl, server.name);
    const fields = { server: server.name, remote: request.socket.remoteAddress };
    const refuse = (challenge: ChallengeParams, message: string): Authentication => ({
      respond: (response) =>
        sendRefusal(response, {
          status: 401,
          challenge: { ...challenge, resource_metadata: metadata },
          message,
          id: singleId(body),
        }),
    });
    const scope = options.oauth === undefined ? undefined : scopeHint(server, body);
    const token = bearerToken(request);
    if (token === undefined) {
      log.debug('request without credentials refused', fields);
      return refuse({ scope }, 'Authentication required: send Authorization: Bearer <token>');
    }
    const keyPrincipal = await options.apiKeys?.verify(token);
    if (keyPrincipal !== undefined) return { principal: keyPrincipal };
    if (options.oauth === undefined || !looksLikeJwt(token)) {
      log.info('unknown bearer credential refused', fields);
      const description =
        options.oauth === undefined ? 'unknown API key' : 'the token is neither a known API key nor a JWT access token';
      return refuse(
        { error: 'invalid_token', error_description: description, scope },
        `Invalid credentials: ${description}`,
      );
    }
    const check = await options.oauth.verify(token, resourceUrl(publicUrl, server.name));
    if (!check.ok) {
      log.info('access token refused', { ...fields, reason: check.description });
      return refuse(
        { error: 'invalid_token', error_description: check.description, scope },
        `Invalid access token: ${check.description}`,
      );
    }
    const shortfalls = scopeShortfalls(server, check.principal, body);
    if (shortfalls.length === 0) return { principal: check.principal };
    const needed = challengeScope(shortfalls);
    const tools = [...new Set(shortfalls.map((shortfall) => shortfall.tool))].join(', ');
    log.info('call beyond the token scopes refused', { ...fields, principal: check.principal.id, tools, needed });
    return {
      respond: (response) =>
        sendRefusal(response, {
          status: 403,
          challenge: {
            error: 'insufficient_scope',
            scope: needed,
            resource_metadata: metadata,
            error_description: `${tools} needs the scope ${needed}`,
          },
          message: `Insufficient scope: ${tools} needs ${needed}`,
          id: shortfalls.length === 1 ? shortfalls[0]!.id : null,
        }),
    };
  };
}

/** The credential of a `Bearer` Authorization header (scheme case-insensitive), if any. */
function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/**
 * The scopes to ask for in a 401 challenge: what the request's tool calls
 * need plus what reading this server needs, so a client starts with least
 * privilege and steps up later.
 */
function scopeHint(server: InfraServer, body: unknown): string | undefined {
  const scopes = new Set(
    server.tools
      .filter((tool) => tool.toolClass === 'read')
      .flatMap((tool) => requiredScopes(server.name, tool, 'read')),
  );
  const everyone = { id: 'nobody', kind: 'anonymous', scopes: new Set<string>() } as const;
  for (const shortfall of scopeShortfalls(server, everyone, body))
    for (const scope of shortfall.required) scopes.add(scope);
  return scopes.size === 0 ? undefined : [...scopes].join(' ');
}

function singleId(body: unknown): string | number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
