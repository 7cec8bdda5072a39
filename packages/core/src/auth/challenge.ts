import type { ServerResponse } from 'node:http';
import { sendJson } from '../transport/http-util.js';

/** JSON-RPC error code of a request refused for missing or invalid credentials (HTTP 401). */
export const unauthorizedErrorCode = -32001;

/** JSON-RPC error code of a request refused for a missing scope (HTTP 403). */
export const insufficientScopeErrorCode = -32003;

/** The parameters of one `Bearer` challenge (RFC 6750 §3); undefined ones are left out. */
export interface ChallengeParams {
  error?: 'invalid_token' | 'insufficient_scope';
  error_description?: string;
  scope?: string;
  resource_metadata?: string;
}

/** Renders a `WWW-Authenticate: Bearer …` value with each parameter as a quoted string. */
export function bearerChallenge(params: ChallengeParams): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => `${name}="${value.replace(/["\\]/g, '\\$&')}"`);
  return pairs.length === 0 ? 'Bearer realm="infra-mcp"' : `Bearer ${pairs.join(', ')}`;
}

/** What a refusal says in its body and challenge. */
export interface Refusal {
  status: 401 | 403;
  challenge: ChallengeParams;
  /** One sentence for the JSON-RPC error message. */
  message: string;
  /** The JSON-RPC id of the refused request, when there was exactly one. */
  id: string | number | null;
}

/** Answers with the status, the challenge, and a JSON-RPC-shaped error body. */
export function sendRefusal(response: ServerResponse, refusal: Refusal): void {
  sendJson(
    response,
    refusal.status,
    {
      jsonrpc: '2.0',
      id: refusal.id,
      error: {
        code: refusal.status === 401 ? unauthorizedErrorCode : insufficientScopeErrorCode,
        message: refusal.message,
        ...(refusal.challenge.scope === undefined
          ? {}
          : { data: { requiredScopes: refusal.challenge.scope.split(' ') } }),
      },
    },
    {
      'www-authenticate': bearerChallenge(refusal.challenge),
      // Browser-based clients must be able to read the challenge to start their OAuth flow.
      'access-control-expose-headers': 'WWW-Authenticate',
    },
  );
}
