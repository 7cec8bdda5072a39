import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import * as z from 'zod';
import type { Logger } from '../log.js';
import type { AuthFailureReason } from '../metrics/conventions.js';
import type { Principal } from '../principal.js';

/**
 * Asymmetric signatures only: an HMAC key would have to be shared with every
 * resource server, and `none` is no signature at all.
 */
export const allowedAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** The most clock skew ever tolerated on `exp` and `nbf`, in seconds. */
export const maxClockToleranceSeconds = 60;

/** The outcome of checking one access token. */
export type TokenCheck =
  | { ok: true; principal: Principal }
  | { ok: false; description: string; reason: AuthFailureReason; keysUnavailable?: boolean };

/** Checks JWT access tokens for one issuer; the audience is per server. */
export interface JwtVerifier {
  verify(token: string, audience: string): Promise<TokenCheck>;
}

/** Options for {@link createJwtVerifier}. */
export interface JwtVerifierOptions {
  issuer: string;
  /** Where the issuer publishes its signing keys. */
  jwksUrl: string;
  clockToleranceSeconds: number;
  log: Logger;
}

const claimsSchema = z.object({
  sub: z.string().min(1).optional(),
  client_id: z.string().min(1).optional(),
  azp: z.string().min(1).optional(),
  scope: z.string().optional(),
  scp: z.union([z.string(), z.array(z.string())]).optional(),
});

/**
 * Verifies signature (against the issuer's JWKS, cached and refetched for an
 * unknown `kid` at most every 30 s), issuer, audience, `exp` (required) and
 * `nbf`, and maps the claims to a {@link Principal}.
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
    timeoutDuration: 5000,
  });
  const clockTolerance = Math.min(options.clockToleranceSeconds, maxClockToleranceSeconds);
  return {
    verify: async (token, audience) => {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience,
          algorithms: [...allowedAlgorithms],
          clockTolerance,
          requiredClaims: ['exp'],
        });
        return principalFrom(payload);
      } catch (error) {
        return describeFailure(error, audience, options.log);
      }
    },
  };
}

function principalFrom(payload: unknown): TokenCheck {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success)
    return {
      ok: false,
      reason: 'malformed_token',
      description: 'the token has malformed sub, client_id, azp, scope or scp claims',
    };
  const { sub, client_id: clientId, azp, scope, scp } = claims.data;
  const id = sub ?? clientId ?? azp;
  if (id === undefined)
    return { ok: false, reason: 'malformed_token', description: 'the token names no subject (sub, client_id or azp)' };
  const scopes = scope !== undefined ? scope.split(' ') : typeof scp === 'string' ? scp.split(' ') : (scp ?? []);
  return {
    ok: true,
    principal: Object.freeze({ id, kind: 'oauth', scopes: new Set(scopes.filter((item) => item !== '')) }),
  };
}

function describeFailure(error: unknown, audience: string, log: Logger): TokenCheck {
  if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', description: 'the token has expired' };
  if (error instanceof errors.JWTClaimValidationFailed)
    return { ok: false, reason: claimReason(error.claim), description: claimProblem(error, audience) };
  if (error instanceof errors.JOSEAlgNotAllowed)
    return {
      ok: false,
      reason: 'invalid_token',
      description: `the token's algorithm is not accepted (use one of ${allowedAlgorithms.join(', ')})`,
    };
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return { ok: false, reason: 'invalid_token', description: 'the token signature does not verify' };
  if (error instanceof errors.JWKSNoMatchingKey)
    return {
      ok: false,
      reason: 'invalid_token',
      description: 'the token was signed by a key the issuer does not publish',
    };
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  )
    return { ok: false, reason: 'malformed_token', description: 'the token is not a well-formed signed JWT' };
  // Anything else is the key source failing (timeout, HTTP error, bad JSON): not the caller's fault.
  log.warn('signing keys could not be fetched; rejecting tokens until they can', { error });
  return {
    ok: false,
    reason: 'jwks_unavailable',
    description: 'the signing keys could not be fetched; try again shortly',
    keysUnavailable: true,
  };
}

function claimReason(claim: string): AuthFailureReason {
  if (claim === 'aud') return 'wrong_audience';
  if (claim === 'iss') return 'wrong_issuer';
  if (claim === 'nbf') return 'not_yet_valid';
  return 'invalid_token';
}

function claimProblem(error: InstanceType<typeof errors.JWTClaimValidationFailed>, audience: string): string {
  switch (error.claim) {
    case 'aud':
      return `the token's audience is not ${audience}`;
    case 'iss':
      return 'the token was issued by another authorization server';
    case 'exp':
      return 'the token has no expiry (exp)';
    case 'nbf':
      return 'the token is not valid yet (nbf)';
    default:
      return `the token's ${error.claim} claim is not valid`;
  }
}
