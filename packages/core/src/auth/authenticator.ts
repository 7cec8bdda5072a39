import type { IncomingMessage } from 'node:http';
import { requiredScopes } from '../pipeline/authorize.js';
import type { Logger } from '../log.js';
import type { AuthFailureReason } from '../metrics/conventions.js';
import type { Principal } from '../principal.js';
import type { InfraServer } from '../server.js';
import type { Authentication, Authenticator, AuthRequest } from '../transport/http.js';
import type { ApiKeyStore } from './api-key-store.js';
import { sendRefusal, type ChallengeParams } from './challenge.js';
import type { JwtVerifier } from './jwt-verifier.js';
import { resourceMetadataUrl, resourceUrl } from './resource-metadata.js';
import { challengeScope, scopeShortfalls, toolCallNeeds } from './step-up.js';

/** Options for {@link createAuthenticator}; at least one mechanism. */
export interface AuthenticatorOptions {
  apiKeys?: ApiKeyStore;
  /** Verifies OAuth access tokens; each server checks for its own audience. */
  oauth?: JwtVerifier;
  log: Logger;
  /** Observes each refusal (metrics); the reason is from a fixed set, never client text. */
  onFailure?: (reason: AuthFailureReason, server: string) => void;
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
  return async (context) => {
    const fields = { server: context.server.name, remote: context.request.socket.remoteAddress };
    const fail = (reason: AuthFailureReason): void => options.onFailure?.(reason, context.server.name);
    const token = bearerToken(context.request);
    if (token === undefined) {
      fail('missing_token');
      log.debug('request without credentials refused', fields);
      return unauthorized(context, options, {}, 'Authentication required: send Authorization: Bearer <token>');
    }
    const keyPrincipal = await options.apiKeys?.verify(token);
    if (keyPrincipal !== undefined) return { principal: keyPrincipal };
    if (options.oauth === undefined || !looksLikeJwt(token)) {
      fail(options.oauth === undefined ? 'bad_api_key' : 'malformed_token');
      log.info('unknown bearer credential refused', fields);
      const reason =
        options.oauth === undefined ? 'unknown API key' : 'the token is neither a known API key nor a JWT access token';
      return unauthorized(
        context,
        options,
        { error: 'invalid_token', error_description: reason },
        `Invalid credentials: ${reason}`,
      );
    }
    const check = await options.oauth.verify(token, resourceUrl(context.publicUrl, context.server.name));
    if (!check.ok) {
      fail(check.reason);
      log.info('access token refused', { ...fields, reason: check.description });
      const challenge = { error: 'invalid_token', error_description: check.description } as const;
      return unauthorized(context, options, challenge, `Invalid access token: ${check.description}`);
    }
    const outcome = stepUpOrPass(context, check.principal, log.child(fields));
    if ('respond' in outcome) fail('insufficient_scope');
    return outcome;
  };
}

/** Lets an OAuth caller through, or answers 403 naming the scopes its tool calls need (step-up). */
function stepUpOrPass(context: AuthRequest, principal: Principal, log: Logger): Authentication {
  const shortfalls = scopeShortfalls(context.server, principal, context.body);
  if (shortfalls.length === 0) return { principal };
  const needed = challengeScope(shortfalls);
  const tools = [...new Set(shortfalls.map((shortfall) => shortfall.tool))].join(', ');
  log.info('call beyond the token scopes refused', { principal: principal.id, tools, needed });
  return {
    respond: (response) =>
      sendRefusal(response, {
        status: 403,
        challenge: {
          error: 'insufficient_scope',
          scope: needed,
          resource_metadata: resourceMetadataUrl(context.publicUrl, context.server.name),
          error_description: `${tools} needs the scope ${needed}`,
        },
        message: `Insufficient scope: ${tools} needs ${needed}`,
        id: shortfalls.length === 1 ? shortfalls[0]!.id : null,
      }),
  };
}

/**
 * A 401 answer. With OAuth on it points at the server's metadata and asks
 * for the read scopes plus what the request's tool calls need, so a client
 * starts with least privilege and steps up later.
 */
function unauthorized(
  context: AuthRequest,
  options: AuthenticatorOptions,
  challenge: ChallengeParams,
  message: string,
): Authentication {
  const oauth = options.oauth !== undefined;
  const full: ChallengeParams = {
    ...challenge,
    scope: oauth ? scopeHint(context.server, context.body) : undefined,
    resource_metadata: oauth ? resourceMetadataUrl(context.publicUrl, context.server.name) : undefined,
  };
  return {
    respond: (response) => sendRefusal(response, { status: 401, challenge: full, message, id: singleId(context.body) }),
  };
}

function scopeHint(server: InfraServer, body: unknown): string | undefined {
  const reading = server.tools
    .filter((tool) => tool.toolClass === 'read')
    .map((tool) => ({ id: null, tool: tool.name, required: requiredScopes(server.name, tool, 'read') }));
  const scope = challengeScope([...reading, ...toolCallNeeds(server, body)]);
  return scope === '' ? undefined : scope;
}

/** The credential of a `Bearer` Authorization header (scheme case-insensitive), if any. */
function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

function singleId(body: unknown): string | number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
