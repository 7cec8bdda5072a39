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
});
