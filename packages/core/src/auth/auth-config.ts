import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ConfigError, type CoreConfig } from '../config.js';
import { isLoopbackHost } from '../transport/http-util.js';

/** How access tokens from an OAuth 2.1 authorization server are checked. */
export interface OAuthConfig {
  /** The authorization server's issuer identifier, compared exactly with each token's `iss`. */
  readonly issuer: string;
  /** Where its signing keys are published; discovered from the issuer's metadata when absent. */
  readonly jwksUrl: string | undefined;
  /** Leeway for `exp` and `nbf`, in seconds (at most 60). */
  readonly clockToleranceSeconds: number;
}

/** Authentication settings for HTTP serving; both mechanisms may be on at once. */
export interface AuthConfig {
  /** The JSON file of hashed API keys, when API keys are on. */
  readonly apiKeysFile: string | undefined;
  readonly oauth: OAuthConfig | undefined;
}

/** The API keys file used when `INFRA_MCP_API_KEYS_FILE` is unset (it is read only if it exists). */
export function defaultApiKeysFile(core: Pick<CoreConfig, 'dataDir'>): string {
  return join(core.dataDir, 'api-keys.json');
}

/** Where the API keys file is: `INFRA_MCP_API_KEYS_FILE`, else the default in the data directory. */
export function apiKeysFilePath(env: NodeJS.ProcessEnv, core: Pick<CoreConfig, 'dataDir'>): string {
  const configured = env.INFRA_MCP_API_KEYS_FILE?.trim();
  return configured !== undefined && configured !== '' ? configured : defaultApiKeysFile(core);
}

const absoluteUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => URL.canParse(value) && new URL(value).search === '' && new URL(value).hash === '');

/**
 * Reads the auth settings from the environment, once, at the edge. Throws
 * {@link ConfigError} naming the variable and the fix.
 */
export function loadAuthConfig(env: NodeJS.ProcessEnv, core: CoreConfig): AuthConfig {
  const issuer = optionalUrl(env, 'INFRA_MCP_OAUTH_ISSUER', 'https://login.example.com/realms/ops');
  const jwksUrl = optionalUrl(env, 'INFRA_MCP_OAUTH_JWKS_URL', 'https://login.example.com/keys');
  if (jwksUrl !== undefined && issuer === undefined)
    throw new ConfigError(
      'INFRA_MCP_OAUTH_JWKS_URL is set but INFRA_MCP_OAUTH_ISSUER is not: set the issuer too (every token’s iss is checked against it)',
    );
  const oauth =
    issuer === undefined
      ? undefined
      : { issuer, jwksUrl, clockToleranceSeconds: clockTolerance(env.INFRA_MCP_OAUTH_CLOCK_TOLERANCE_SECONDS) };
  if (oauth !== undefined) requirePublicUrl(core);
  return { apiKeysFile: apiKeysFile(env, core), oauth };
}

/** Whether any authentication is configured (without it, HTTP is allowed on loopback only). */
export function isAuthConfigured(config: AuthConfig): boolean {
  return config.apiKeysFile !== undefined || config.oauth !== undefined;
}

/** Refuses a plain-HTTP URL unless it points at this machine (local test issuers). */
export function assertSecureUrl(value: string, setting: string): void {
  const url = new URL(value);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return;
  throw new ConfigError(
    `${setting}=${value} must use https: plain http is accepted only on a loopback address (127.0.0.1, ::1, localhost)`,
  );
}

function optionalUrl(env: NodeJS.ProcessEnv, name: string, example: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!absoluteUrl.safeParse(raw.trim()).success)
    throw new ConfigError(
      `${name}=${raw} is not valid: set it to an absolute URL without query or fragment, e.g. ${example}`,
    );
  assertSecureUrl(raw.trim(), name);
  return raw.trim();
}

function clockTolerance(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 30;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value > 60)
    throw new ConfigError(
      `INFRA_MCP_OAUTH_CLOCK_TOLERANCE_SECONDS=${raw} is not valid: set it to whole seconds between 0 and 60`,
    );
  return value;
}

function apiKeysFile(env: NodeJS.ProcessEnv, core: CoreConfig): string | undefined {
  const path = apiKeysFilePath(env, core);
  // A named file must exist (openApiKeyStore says so); the default one switches API keys on by existing.
  const named = (env.INFRA_MCP_API_KEYS_FILE?.trim() ?? '') !== '';
  return named || existsSync(path) ? path : undefined;
}

/**
 * Each server's OAuth resource URL (and its tokens' audience) is built from
 * the public URL; a wildcard bind has no name clients could use, so guessing
 * one would make every token fail the audience check.
 */
function requirePublicUrl(core: CoreConfig): void {
  const { host, publicUrl } = core.http;
  if (publicUrl !== undefined) return;
  if (host === '0.0.0.0' || host === '::' || host === '[::]')
    throw new ConfigError(
      `INFRA_MCP_PUBLIC_URL is required with OAuth on ${host}: set it to the URL clients use, e.g. https://mcp.example.com (each server's token audience is <public URL>/mcp/<server>)`,
    );
}
