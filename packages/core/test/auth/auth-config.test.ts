import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAuthConfigured, loadAuthConfig } from '../../src/auth/auth-config.js';
import { loadConfig } from '../../src/config.js';

const load = (env: NodeJS.ProcessEnv) => loadAuthConfig(env, loadConfig({ env }).core);
const dataDir = '/nonexistent/infra-mcp-data';

describe('the auth settings', () => {
  it('is off when nothing is configured', () => {
    expect(isAuthConfigured(load({ INFRA_MCP_DATA_DIR: dataDir }))).toBe(false);
  });

  it('reads the issuer, the JWKS URL and the clock tolerance', () => {
    const config = load({
      INFRA_MCP_DATA_DIR: dataDir,
      INFRA_MCP_OAUTH_ISSUER: 'https://sso.example.com/realms/ops',
      INFRA_MCP_OAUTH_JWKS_URL: 'https://sso.example.com/realms/ops/protocol/openid-connect/certs',
      INFRA_MCP_OAUTH_CLOCK_TOLERANCE_SECONDS: '45',
    });
    expect(config.oauth).toEqual({
      issuer: 'https://sso.example.com/realms/ops',
      jwksUrl: 'https://sso.example.com/realms/ops/protocol/openid-connect/certs',
      clockToleranceSeconds: 45,
    });
  });

  it.each([
    [
      { INFRA_MCP_OAUTH_ISSUER: 'http://sso.example.com' },
      /INFRA_MCP_OAUTH_ISSUER=http:\/\/sso.example.com must use https/,
    ],
    [
      { INFRA_MCP_OAUTH_ISSUER: 'https://sso.example.com', INFRA_MCP_OAUTH_JWKS_URL: 'http://10.0.0.5/keys' },
      /INFRA_MCP_OAUTH_JWKS_URL=http:\/\/10.0.0.5\/keys must use https/,
    ],
    [
      { INFRA_MCP_OAUTH_ISSUER: 'sso.example.com' },
      /INFRA_MCP_OAUTH_ISSUER=sso.example.com is not valid: set it to an absolute URL/,
    ],
    [{ INFRA_MCP_OAUTH_JWKS_URL: 'https://sso.example.com/keys' }, /INFRA_MCP_OAUTH_ISSUER is not/],
    [
      { INFRA_MCP_OAUTH_ISSUER: 'https://sso.example.com', INFRA_MCP_OAUTH_CLOCK_TOLERANCE_SECONDS: '300' },
      /between 0 and 60/,
    ],
    [
      { INFRA_MCP_OAUTH_ISSUER: 'https://sso.example.com', INFRA_MCP_HOST: '0.0.0.0' },
      /INFRA_MCP_PUBLIC_URL is required with OAuth on 0.0.0.0/,
    ],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => load({ INFRA_MCP_DATA_DIR: dataDir, ...env })).toThrow(message);
  });

  it('accepts plain-http issuers on loopback, for local tests', () => {
    expect(load({ INFRA_MCP_OAUTH_ISSUER: 'http://127.0.0.1:8080', INFRA_MCP_DATA_DIR: dataDir }).oauth?.issuer).toBe(
      'http://127.0.0.1:8080',
    );
    expect(load({ INFRA_MCP_OAUTH_ISSUER: 'http://[::1]:8080', INFRA_MCP_DATA_DIR: dataDir }).oauth?.issuer).toBe(
      'http://[::1]:8080',
    );
  });

  it('uses api-keys.json in the data directory when it exists and no file is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'infra-mcp-data-'));
    try {
      expect(load({ INFRA_MCP_DATA_DIR: dir }).apiKeysFile).toBeUndefined();
      await writeFile(join(dir, 'api-keys.json'), '[]');
      expect(load({ INFRA_MCP_DATA_DIR: dir }).apiKeysFile).toBe(join(dir, 'api-keys.json'));
      expect(load({ INFRA_MCP_DATA_DIR: dir, INFRA_MCP_API_KEYS_FILE: '/etc/keys.json' }).apiKeysFile).toBe(
        '/etc/keys.json',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
