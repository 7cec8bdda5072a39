/** Who is calling: resolved by the transport before any tool runs. */
export interface Principal {
  /** Stable identity: `local` on stdio, the API key's principal, or the token's `sub`. */
  readonly id: string;
  /** How the identity was established. */
  readonly kind: 'local' | 'api-key' | 'oauth' | 'anonymous';
  /** Granted scopes, or `all` for the operator's own stdio session. */
  readonly scopes: ReadonlySet<string> | 'all';
}

/** The one principal of a stdio server: the operator, with all scopes (still bound by the server mode). */
export const localPrincipal: Principal = Object.freeze({ id: 'local', kind: 'local', scopes: 'all' });

/** The caller of an HTTP endpoint that has no auth configured (allowed on loopback only). */
export const anonymousLoopbackPrincipal: Principal = Object.freeze({
  id: 'anonymous',
  kind: 'anonymous',
  scopes: 'all',
});

/** Whether `principal` holds `scope`. */
export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes === 'all' || principal.scopes.has(scope);
}
