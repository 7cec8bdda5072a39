import { describe, expect, it } from 'vitest';
import { discoverJwksUrl, metadataUrls } from '../../src/auth/issuer-discovery.js';
import { ConfigError } from '../../src/config.js';
import { AuthorizationServer } from './fixtures/authorization-server.js';

describe('issuer discovery', () => {
  it('tries RFC 8414 then OpenID discovery at the origin for an issuer without a path', () => {
    expect(metadataUrls('https://tenant.auth0.com/')).toEqual([
      'https://tenant.auth0.com/.well-known/oauth-authorization-server',
      'https://tenant.auth0.com/.well-known/openid-configuration',
    ]);
  });

  it('inserts an issuer path after the well-known segment, then appends OpenID discovery', () => {
    expect(metadataUrls('https://sso.example.com/realms/ops')).toEqual([
      'https://sso.example.com/.well-known/oauth-authorization-server/realms/ops',
      'https://sso.example.com/.well-known/openid-configuration/realms/ops',
      'https://sso.example.com/realms/ops/.well-known/openid-configuration',
    ]);
  });

  it('finds the JWKS from RFC 8414 metadata', async () => {
    await using issuer = await AuthorizationServer.start('/realms/ops');
    expect(await discoverJwksUrl(issuer.issuer)).toBe(issuer.jwksUrl);
  });

  it('falls back to OpenID discovery (Keycloak serves only that)', async () => {
    await using issuer = await AuthorizationServer.start('/realms/ops');
    issuer.serves = { oauth: false, openid: true };
    expect(await discoverJwksUrl(issuer.issuer)).toBe(issuer.jwksUrl);
  });

  it('refuses metadata that names a different issuer, saying which', async () => {
    await using issuer = await AuthorizationServer.start();
    issuer.claimedIssuer = `${issuer.issuer}/`;
    await expect(discoverJwksUrl(issuer.issuer)).rejects.toThrow(
      `does not match the issuer "${issuer.issuer}/" named by ${issuer.issuer}/.well-known/oauth-authorization-server: set it to exactly that value`,
    );
  });

  it('says what it tried when no metadata exists', async () => {
    await using issuer = await AuthorizationServer.start();
    issuer.serves = { oauth: false, openid: false };
    const error = await discoverJwksUrl(issuer.issuer).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /no authorization server metadata found .*oauth-authorization-server: HTTP 404; .*openid-configuration: HTTP 404.*set INFRA_MCP_OAUTH_JWKS_URL/,
    );
  });

  it('refuses a plain-http jwks_uri that leaves the machine', async () => {
    const fakeFetch: typeof fetch = async () =>
      Response.json({ issuer: 'https://login.example.com', jwks_uri: 'http://keys.example.com/jwks' });
    await expect(discoverJwksUrl('https://login.example.com', { fetch: fakeFetch })).rejects.toThrow(
      /jwks_uri in https:\/\/login.example.com\/.well-known\/oauth-authorization-server=http:\/\/keys.example.com\/jwks must use https/,
    );
  });
});
