import * as z from 'zod';
import { ConfigError } from '../config.js';
import { assertSecureUrl } from './auth-config.js';

const metadataSchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

/** Options for {@link discoverJwksUrl}. */
export interface DiscoveryOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The metadata documents to try for an issuer, in order: RFC 8414 (with the
 * issuer's path inserted after the well-known segment), then OpenID Connect
 * Discovery, both inserted and appended, as the MCP authorization spec lists them.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '')
    return [`${url.origin}/.well-known/oauth-authorization-server`, `${url.origin}/.well-known/openid-configuration`];
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}/.well-known/openid-configuration${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}

/**
 * Finds the issuer's `jwks_uri` from its published metadata. The document
 * must name exactly this issuer (RFC 8414 §3.3), or it describes someone else.
 * Throws {@link ConfigError} saying what was tried.
 */
export async function discoverJwksUrl(issuer: string, options: DiscoveryOptions = {}): Promise<string> {
  const fetchImpl = options.fetch ?? fetch;
  const failures: string[] = [];
  for (const url of metadataUrls(issuer)) {
    const outcome = await fetchMetadata(fetchImpl, url, options.timeoutMs ?? 5000);
    if (typeof outcome === 'string') {
      failures.push(`${url}: ${outcome}`);
      continue;
    }
    if (outcome.issuer !== issuer)
      throw new ConfigError(
        `INFRA_MCP_OAUTH_ISSUER=${issuer} does not match the issuer "${outcome.issuer}" named by ${url}: set it to exactly that value`,
      );
    assertSecureUrl(outcome.jwks_uri, `jwks_uri in ${url}`);
    return outcome.jwks_uri;
  }
  throw new ConfigError(
    `INFRA_MCP_OAUTH_ISSUER=${issuer}: no authorization server metadata found (${failures.join('; ')}): check the issuer URL, or set INFRA_MCP_OAUTH_JWKS_URL`,
  );
}

async function fetchMetadata(
  fetchImpl: typeof fetch,
  url: string,
  timeoutMs: number,
): Promise<z.output<typeof metadataSchema> | string> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable';
  }
  if (!response.ok) {
    await response.body?.cancel();
    return `HTTP ${response.status}`;
  }
  const parsed = metadataSchema.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? parsed.data : 'not a metadata document with issuer and jwks_uri';
}
