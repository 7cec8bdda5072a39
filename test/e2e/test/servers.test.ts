// The built command is a bundle: a module that resolves one way from source
// and another from the bundle (lazy imports, CommonJS interop, native addons)
// is caught only by running each server as users do, against its upstream.
import { startFakeKubeApiServer, type FakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, cliPath } from './cli.js';

async function connect(server: string, args: string[], env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [cliPath, server, ...args], env, stderr: 'pipe' }),
  );
  return client;
}

describe('infra-mcp kubernetes, built, against the fake API server', () => {
  let cluster: FakeKubeApiServer;
  beforeAll(async () => {
    cluster = await startFakeKubeApiServer({ podStartDelayMs: 0 });
    cluster.seedPods({ count: 3, namespaces: ['shop'] });
    await cluster.idle();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('lists the pods of a namespace through the API', async () => {
    const client = await connect('kubernetes', [], cliEnv({ KUBECONFIG: cluster.kubeconfigPath }));
    try {
      const result = await client.callTool({ name: 'list_resources', arguments: { kind: 'pods', namespace: 'shop' } });
      expect(result.isError).toBeFalsy();
      const { rows } = result.structuredContent as { rows: unknown[] };
      expect(rows).toHaveLength(3);
    } finally {
      await client.close();
    }
  });

  it('runs a command in a pod over the exec WebSocket and reads its logs', async () => {
    const env = cliEnv({
      KUBECONFIG: cluster.kubeconfigPath,
      INFRA_MCP_KUBERNETES_EXEC: 'true',
      INFRA_MCP_MODE: 'write',
    });
    const client = await connect('kubernetes', [], env);
    try {
      const listed = await client.callTool({ name: 'list_resources', arguments: { kind: 'pods', namespace: 'shop' } });
      const pod = JSON.stringify(listed.structuredContent).match(/"(app-[^"]+)"/)?.[1];
      expect(pod).toBeDefined();
      const exec = await client.callTool({
        name: 'exec',
        arguments: { namespace: 'shop', pod, command: ['echo', 'hello from the pod'] },
      });
      expect(exec.isError).toBeFalsy();
      expect(exec.structuredContent).toMatchObject({ exitCode: 0 });
      expect(JSON.stringify(exec.structuredContent)).toContain('hello from the pod');
      const logs = await client.callTool({ name: 'logs', arguments: { namespace: 'shop', name: pod, tail: 5 } });
      expect(logs.isError).toBeFalsy();
      expect(logs.structuredContent).toMatchObject({ pods: [pod], log: expect.stringContaining('main ready') });
    } finally {
      await client.close();
    }
  });
});

describe('infra-mcp database, built, against the PostgreSQL on this machine', () => {
  it('answers a read-only query and refuses a write smuggled after it', async () => {
    const client = await connect('database', ['postgres://127.0.0.1:5432/test'], cliEnv());
    try {
      const answered = await client.callTool({ name: 'query', arguments: { sql: 'select 40 + 2 as answer' } });
      expect(answered.isError).toBeFalsy();
      expect((answered.structuredContent as { rows: unknown[] }).rows).toEqual([[42]]);
      const refused = await client.callTool({
        name: 'query',
        arguments: { sql: 'select 1; create table e2e_smuggled (id int)' },
      });
      expect(refused.isError).toBe(true);
      const exists = await client.callTool({
        name: 'query',
        arguments: { sql: "select to_regclass('public.e2e_smuggled') is not null as present" },
      });
      expect((exists.structuredContent as { rows: unknown[] }).rows).toEqual([[false]]);
    } finally {
      await client.close();
    }
  });

  // PGlite starts (WebAssembly compile, initdb, seed) in seconds here and far slower on a loaded CI machine.
  it(
    'with nothing configured, serves the PGlite sandbox from its own child process',
    { timeout: 120_000 },
    async () => {
      const client = await connect('database', [], cliEnv());
      try {
        const tables = await client.callTool({
          name: 'query',
          arguments: {
            sql: "select count(*) > 0 as seeded from information_schema.tables where table_schema = 'shop'",
          },
        });
        expect(tables.isError).toBeFalsy();
        expect(tables.structuredContent).toMatchObject({ connection: 'sandbox', rows: [[true]] });
      } finally {
        await client.close();
      }
    },
  );
});
