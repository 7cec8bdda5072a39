import { Client, InsufficientScopeError, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-key.js';
import { createHttpAuth } from '../../src/auth/http-auth.js';
import { createLogger } from '../../src/log.js';
import type { Middleware } from '../../src/pipeline/call.js';
import type { ServerMode } from '../../src/policy/mode.js';
import { startHttpHost, type HttpHost } from '../../src/transport/http.js';
import { createDemoServer } from '../fixtures/demo-server.js';
import { AuthorizationServer } from './fixtures/authorization-server.js';

const ciKey = 'ci-key-5b1f0c2e9d8a7b6c5d4e3f2a1b0c9d8e';
const cleanups: (() => Promise<unknown>)[] = [];
// One authorization server for the file: minting its RSA keys is the slow part.
let issuer: AuthorizationServer;
beforeAll(async () => {
  issuer = await AuthorizationServer.start();
}, 60_000);
afterAll(async () => issuer[Symbol.asyncDispose]());
afterEach(async () => {
  issuer.jwksDown = false;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The machine is shared and small; these tests talk real HTTP to two servers.
const slow = { timeout: 30_000 };

interface Setup {
  host: HttpHost;
  issuer: AuthorizationServer;
  logs: string[];
  store: Map<string, string>;
  seenAuthorization: (string | null | undefined)[];
  endpoint: string;
  mint: (scope: string, server?: string) => Promise<string>;
}

async function setup(
  options: { mode?: ServerMode; oauth?: boolean; apiKeys?: boolean; publicUrl?: string } = {},
): Promise<Setup> {
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', sink: (line) => void logs.push(line) });
  const seenAuthorization: (string | null | undefined)[] = [];
  const spy: Middleware = async (call, next) => {
    seenAuthorization.push(call.sdk.http?.req?.headers.get('authorization'));
    return next();
  };
  const store = new Map([['a', 'one']]);
  const server = createDemoServer(store, { mode: options.mode ?? 'write', log, outerMiddleware: [spy] });
  let apiKeysFile: string | undefined;
  if (options.apiKeys === true) {
    const dir = await mkdtemp(join(tmpdir(), 'infra-mcp-auth-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    apiKeysFile = join(dir, 'api-keys.json');
    await writeFile(
      apiKeysFile,
      JSON.stringify([{ principal: 'ci-bot', sha256: hashApiKey(ciKey), scopes: ['demo:read'] }]),
    );
  }
  const oauth =
    options.oauth === false ? undefined : { issuer: issuer.issuer, jwksUrl: undefined, clockToleranceSeconds: 30 };
  const auth = await createHttpAuth({ apiKeysFile, oauth }, { log });
  const host = await startHttpHost({
    servers: [server],
    host: '127.0.0.1',
    port: 0,
    log,
    maxBodyBytes: 64 * 1024,
    authenticate: auth!.authenticate,
    extraRoutes: auth!.routesFor([server]),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
  });
  cleanups.push(() => host.close());
  const mint = (scope: string, serverName = 'demo') =>
    issuer.mint({ sub: 'alice', aud: `${host.publicUrl}/mcp/${serverName}`, scope });
  return { host, issuer, logs, store, seenAuthorization, endpoint: host.endpoint('demo'), mint };
}

async function connect(endpoint: string, token: string): Promise<Client> {
  const client = new Client({ name: 'auth-test', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  cleanups.push(() => client.close());
  return client;
}

const rpc = (endpoint: string, body: unknown, token?: string) =>
  fetch(endpoint, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
  });

const callTool = (name: string, args: Record<string, unknown> = {}, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

const toolNames = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name).sort();

describe('HTTP serving with OAuth', slow, () => {
  it('challenges a request without a token, pointing at the server metadata and asking for read scope', async () => {
    const { endpoint, host } = await setup();
    const response = await rpc(endpoint, { jsonrpc: '2.0', id: 7, method: 'tools/list' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer scope="demo:read", resource_metadata="${host.url}/.well-known/oauth-protected-resource/mcp/demo"`,
    );
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32001,
        message: 'Authentication required: send Authorization: Bearer <token>',
        data: { requiredScopes: ['demo:read'] },
      },
    });
  });

  it('publishes Protected Resource Metadata whose resource is exactly the server URL', async () => {
    const { endpoint, host, issuer } = await setup({ mode: 'destructive' });
    const response = await fetch(`${host.url}/.well-known/oauth-protected-resource/mcp/demo`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({
      resource: endpoint,
      authorization_servers: [issuer.issuer],
      scopes_supported: ['demo:read', 'demo:write', 'demo:destructive'],
      bearer_methods_supported: ['header'],
      resource_name: 'infra-mcp demo',
    });
    expect((await fetch(`${host.url}/.well-known/oauth-protected-resource/mcp/nope`)).status).toBe(404);
    expect((await fetch(`${host.url}/.well-known/oauth-protected-resource`)).status).toBe(404);
  });

  it('lists scopes only for the classes the server mode allows', async () => {
    const { host } = await setup({ mode: 'read-only' });
    const metadata = (await (await fetch(`${host.url}/.well-known/oauth-protected-resource/mcp/demo`)).json()) as {
      scopes_supported: string[];
    };
    expect(metadata.scopes_supported).toEqual(['demo:read']);
  });

  it('lists only the tools the token scopes allow, to a real client', async () => {
    const { endpoint, mint } = await setup();
    const reader = await connect(endpoint, await mint('demo:read'));
    expect(await toolNames(reader)).toEqual(['crash', 'get_value', 'list_values']);
    const writer = await connect(endpoint, await mint('demo:read demo:write'));
    expect(await toolNames(writer)).toEqual(['crash', 'get_value', 'list_values', 'set_value']);
    const result = await writer.callTool({ name: 'set_value', arguments: { key: 'b', value: 'two' } });
    expect(result.isError).toBeFalsy();
  });

  it('answers a call beyond the token scopes with a 403 step-up challenge, and the tool does not run', async () => {
    const { endpoint, host, mint, store } = await setup();
    const token = await mint('demo:read');
    const response = await rpc(endpoint, callTool('set_value', { key: 'b', value: 'two' }, 9), token);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="demo:write", resource_metadata="${host.url}/.well-known/oauth-protected-resource/mcp/demo", error_description="set_value needs the scope demo:write"`,
    );
    expect(await response.json()).toMatchObject({
      id: 9,
      error: { code: -32003, data: { requiredScopes: ['demo:write'] } },
    });
    expect(store.has('b')).toBe(false);
  });

  it('makes a real client raise InsufficientScopeError naming the scope to request', async () => {
    const { endpoint, mint } = await setup();
    const client = await connect(endpoint, await mint('demo:read'));
    const error = await client
      .callTool({ name: 'set_value', arguments: { key: 'b', value: 'two' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect((error as InsufficientScopeError).requiredScope).toBe('demo:write');
  });

  it('refuses a batch holding one call beyond the token scopes', async () => {
    const { endpoint, mint } = await setup();
    const response = await rpc(
      endpoint,
      [callTool('get_value', { key: 'a' }, 1), callTool('set_value', { key: 'b', value: 'x' }, 2)],
      await mint('demo:read'),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/scope="demo:write"/);
  });

  it('never reveals a tool the server mode hides, even to a token without its scope', async () => {
    const { endpoint, mint } = await setup({ mode: 'write' });
    const response = await rpc(endpoint, callTool('drop_all'), await mint('demo:read'));
    expect(response.status).not.toBe(403);
    expect(await response.text()).toMatch(/Unknown tool: drop_all/);
  });

  it('gives a call that rises above its tool class (an overwrite) an isError result naming the scope', async () => {
    const { endpoint, mint, store } = await setup({ mode: 'destructive' });
    const client = await connect(endpoint, await mint('demo:read demo:write'));
    const result = await client.callTool({ name: 'set_value', arguments: { key: 'a', value: 'new', replace: true } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/lacks the scope demo:destructive/);
    expect(store.get('a')).toBe('one');
  });

  it('names resource and metadata after the public URL when served behind a proxy path', async () => {
    const { endpoint, host, mint } = await setup({ publicUrl: 'https://mcp.example.com/infra/' });
    const challenge = await rpc(endpoint, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(challenge.headers.get('www-authenticate')).toMatch(
      /resource_metadata="https:\/\/mcp.example.com\/.well-known\/oauth-protected-resource\/infra\/mcp\/demo"/,
    );
    for (const path of [
      '/.well-known/oauth-protected-resource/infra/mcp/demo',
      '/.well-known/oauth-protected-resource/mcp/demo',
    ]) {
      const metadata = (await (await fetch(`${host.url}${path}`)).json()) as { resource: string };
      expect(metadata.resource).toBe('https://mcp.example.com/infra/mcp/demo');
    }
    const client = await connect(endpoint, await mint('demo:read'));
    expect(await toolNames(client)).toContain('get_value');
  });

  it('asks for the scope a refused tool call needs in the 401 challenge', async () => {
    const { endpoint } = await setup();
    const response = await rpc(endpoint, callTool('set_value', { key: 'b', value: 'x' }));
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer scope="demo:read demo:write", resource_metadata=/,
    );
  });

  it('refuses a token minted for another server (each server is its own resource)', async () => {
    const { endpoint, mint } = await setup();
    const response = await rpc(
      endpoint,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      await mint('demo:read', 'other'),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      new RegExp(`^Bearer error="invalid_token", error_description="the token's audience is not ${endpoint}"`),
    );
  });

  it('answers 401 with a reason while the signing keys are unreachable, and serves again when they return', async () => {
    const { endpoint, issuer, mint, logs } = await setup();
    const token = await mint('demo:read');
    issuer.jwksDown = true;
    const down = await rpc(endpoint, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, token);
    expect(down.status).toBe(401);
    expect(down.headers.get('www-authenticate')).toMatch(
      /error_description="the signing keys could not be fetched; try again shortly"/,
    );
    expect(logs.join('')).toMatch(/signing keys could not be fetched/);
    issuer.jwksDown = false;
    expect((await rpc(endpoint, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, token)).status).toBe(200);
  });

  it('never passes the caller credential on to the server, and never echoes or logs it', async () => {
    const { endpoint, host, issuer, logs, seenAuthorization } = await setup({ apiKeys: true });
    const token = await issuer.mint({ sub: 'alice', aud: endpoint, scope: 'demo:read', marker: 'canary-7f3a' });
    const expired = await issuer.mint({ sub: 'alice', aud: endpoint, scope: 'demo:read' }, { expiresIn: -3600 });
    const wrongAudience = await issuer.mint({ sub: 'alice', aud: `${host.url}/mcp/other` });
    const secrets = [token, expired, wrongAudience, ciKey, 'not-a-key-but-secret-4242'];
    const seen: string[] = [];
    for (const credential of secrets) {
      const response = await rpc(endpoint, callTool('get_value', { key: 'a' }), credential);
      seen.push(JSON.stringify([...response.headers]), await response.text());
    }
    const client = await connect(endpoint, token);
    await client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    expect(seenAuthorization.length).toBeGreaterThan(0);
    expect(seenAuthorization.every((value) => value === null || value === undefined)).toBe(true);
    const everything = [...seen, ...logs].join('\n');
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.split('.').at(-1));
    }
    expect(everything).not.toContain('canary-7f3a');
  });
});

describe('HTTP serving with API keys', slow, () => {
  it('lists only the key scopes’ tools and refuses a call beyond them with an isError result', async () => {
    const { endpoint, store } = await setup({ oauth: false, apiKeys: true });
    const client = await connect(endpoint, ciKey);
    expect(await toolNames(client)).toEqual(['crash', 'get_value', 'list_values']);
    const result = await client.callTool({ name: 'set_value', arguments: { key: 'b', value: 'two' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/lacks the scope demo:write/);
    expect(store.has('b')).toBe(false);
  });

  it('refuses an unknown key with a plain challenge and no metadata pointer', async () => {
    const { endpoint } = await setup({ oauth: false, apiKeys: true });
    const response = await rpc(endpoint, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, 'wrong-key');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="unknown API key"',
    );
  });

  it('accepts API keys and OAuth tokens side by side', async () => {
    const { endpoint, mint } = await setup({ apiKeys: true });
    expect(await toolNames(await connect(endpoint, ciKey))).toContain('get_value');
    expect(await toolNames(await connect(endpoint, await mint('demo:read demo:write')))).toContain('set_value');
    const garbage = await rpc(endpoint, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, 'nope');
    expect(garbage.headers.get('www-authenticate')).toMatch(
      /error_description="the token is neither a known API key nor a JWT access token"/,
    );
  });
});
