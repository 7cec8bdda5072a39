import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, type JwtVerifier } from '../../src/auth/jwt-verifier.js';
import { createLogger, type LogSink } from '../../src/log.js';
import { AuthorizationServer } from './fixtures/authorization-server.js';

const audience = 'http://127.0.0.1:7700/mcp/demo';
let issuer: AuthorizationServer;
let verifier: JwtVerifier;
const logLines: string[] = [];
const sink: LogSink = (line) => void logLines.push(line);

beforeAll(async () => {
  issuer = await AuthorizationServer.start();
  verifier = createJwtVerifier({
    issuer: issuer.issuer,
    jwksUrl: issuer.jwksUrl,
    clockToleranceSeconds: 30,
    log: createLogger({ sink }),
  });
}, 60_000);
afterAll(async () => issuer[Symbol.asyncDispose]());

describe('the JWT access token verifier', () => {
  it.each(['RS256', 'ES256'] as const)(
    'accepts a %s token for this audience and reads its subject and scopes',
    async (alg) => {
      const token = await issuer.mint({ sub: 'alice', aud: audience, scope: 'demo:read demo:write' }, { alg });
      const check = await verifier.verify(token, audience);
      expect(check).toEqual({
        ok: true,
        principal: { id: 'alice', kind: 'oauth', scopes: new Set(['demo:read', 'demo:write']) },
      });
    },
  );

  it('accepts a token whose audience list includes this server', async () => {
    const token = await issuer.mint({ sub: 'alice', aud: ['https://other.example', audience] });
    expect((await verifier.verify(token, audience)).ok).toBe(true);
  });

  it('refuses a token minted for another server', async () => {
    const token = await issuer.mint({ sub: 'alice', aud: 'http://127.0.0.1:7700/mcp/other' });
    expect(await verifier.verify(token, audience)).toEqual({
      ok: false,
      reason: 'wrong_audience',
      description: `the token's audience is not ${audience}`,
    });
  });

  it('refuses a token from another issuer even when signed with a published key', async () => {
    const token = await issuer.mint({ sub: 'alice', aud: audience }, { issuer: 'https://evil.example' });
    expect(await verifier.verify(token, audience)).toMatchObject({ ok: false, description: /issued by another/ });
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const token = await issuer.mint({ sub: 'alice', aud: audience }, { unpublishedKey: true });
    expect(await verifier.verify(token, audience)).toMatchObject({ ok: false });
  });

  it('refuses an expired token beyond the clock tolerance and accepts one within it', async () => {
    const stale = await issuer.mint({ sub: 'alice', aud: audience }, { expiresIn: -90 });
    expect(await verifier.verify(stale, audience)).toEqual({
      ok: false,
      reason: 'expired',
      description: 'the token has expired',
    });
    const justExpired = await issuer.mint({ sub: 'alice', aud: audience }, { expiresIn: -10 });
    expect((await verifier.verify(justExpired, audience)).ok).toBe(true);
  });

  it('never tolerates more than 60 seconds of skew, whatever it is configured to', async () => {
    const lenient = createJwtVerifier({
      issuer: issuer.issuer,
      jwksUrl: issuer.jwksUrl,
      clockToleranceSeconds: 3600,
      log: createLogger({ sink }),
    });
    const token = await issuer.mint({ sub: 'alice', aud: audience }, { expiresIn: -90 });
    expect((await lenient.verify(token, audience)).ok).toBe(false);
  });

  it('refuses a token without exp', async () => {
    const token = await issuer.mint({ sub: 'alice', aud: audience }, { expiresIn: null });
    expect(await verifier.verify(token, audience)).toEqual({
      ok: false,
      reason: 'invalid_token',
      description: 'the token has no expiry (exp)',
    });
  });

  it('refuses an HMAC-signed token and an unsigned one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'alice', aud: audience, iss: issuer.issuer, exp: now + 300 };
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const unsigned = new UnsecuredJWT(claims).encode();
    for (const token of [hmac, unsigned]) expect((await verifier.verify(token, audience)).ok).toBe(false);
    expect((await verifier.verify(hmac, audience)) as { description: string }).toMatchObject({
      description: expect.stringMatching(/algorithm is not accepted/),
    });
  });

  it.each([
    [{ scp: 'demo:read demo:write' }, ['demo:read', 'demo:write']],
    [{ scp: ['demo:read', 'demo:destructive'] }, ['demo:read', 'demo:destructive']],
    [{ scope: 'demo:read  demo:write' }, ['demo:read', 'demo:write']],
    [{}, []],
  ])('reads scopes from %j', async (claims, scopes) => {
    const token = await issuer.mint({ sub: 'alice', aud: audience, ...claims });
    const check = await verifier.verify(token, audience);
    expect(check.ok && [...(check.principal.scopes as Set<string>)]).toEqual(scopes);
  });

  it.each([
    [{ client_id: 'ci-app' }, 'ci-app'],
    [{ azp: 'spa-app' }, 'spa-app'],
  ])('names a token without sub after %j', async (claims, id) => {
    const token = await issuer.mint({ aud: audience, ...claims });
    const check = await verifier.verify(token, audience);
    expect(check.ok && check.principal.id).toBe(id);
  });

  it('refuses a token that names nobody', async () => {
    const token = await issuer.mint({ aud: audience, scope: 'demo:read' });
    expect(await verifier.verify(token, audience)).toMatchObject({ ok: false, description: /no subject/ });
  });

  it('reports unavailable signing keys without blaming the token, and recovers when they are back', async () => {
    const fresh = createJwtVerifier({
      issuer: issuer.issuer,
      jwksUrl: issuer.jwksUrl,
      clockToleranceSeconds: 0,
      log: createLogger({ sink }),
    });
    const token = await issuer.mint({ sub: 'alice', aud: audience });
    issuer.jwksDown = true;
    try {
      expect(await fresh.verify(token, audience)).toMatchObject({ ok: false, keysUnavailable: true });
      expect(logLines.join('')).toMatch(/signing keys could not be fetched/);
    } finally {
      issuer.jwksDown = false;
    }
    expect((await fresh.verify(token, audience)).ok).toBe(true);
  });
});
