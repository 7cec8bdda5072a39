// `infra-mcp <server>` runs from the server's own CommonJS bundle, compiled
// with V8's code cache (apps/cli/src/code-cache.ts): the first start keeps
// its bytecode at exit and later starts reuse it. Code from the cache behaves
// differently from freshly compiled code in ways a unit test cannot see (on
// Node 20 it cannot run import(), for one), so each server here makes a real
// call from a fresh compile, from the cache, and past a cache V8 rejects.
import { startFakeKubeApiServer, type FakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliEnv, connectLogged, tempDir } from './cli.js';

interface Started {
  state: string | undefined;
  result: { isError?: boolean; structuredContent?: unknown };
}

/** Starts the server, makes one call, closes it, and reads the code cache state from its debug log. */
async function startAndCall(
  args: string[],
  env: Record<string, string>,
  call: { name: string; arguments: Record<string, unknown> },
): Promise<Started> {
  const session = await connectLogged(args, env);
  try {
    const result = (await session.client.callTool(call)) as Started['result'];
    return { state: session.logged<{ state: string }>('code cache')?.state, result };
  } finally {
    await session.close();
  }
}

/** The cache files written so far under `cacheDir`. */
function cacheFiles(cacheDir: string): string[] {
  const dir = join(cacheDir, 'code');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.v8')) : [];
}

async function checkServer(
  server: string,
  args: string[],
  extraEnv: Record<string, string>,
  call: { name: string; arguments: Record<string, unknown> },
  sameResult: (result: Started['result']) => unknown,
  vendors: string[] = [],
): Promise<void> {
  const cacheDir = tempDir('cache');
  const env = cliEnv({ ...extraEnv, INFRA_MCP_CACHE_DIR: cacheDir });
  const first = await startAndCall([server, ...args], env, call);
  expect(first.state).toBe('miss');
  expect(first.result.isError).toBeFalsy();
  // Written at exit, which the client's close does not wait for: the server's, and any vendor bundle's it loaded.
  const cached = (name: string) =>
    cacheFiles(cacheDir).find((file) =>
      new RegExp(`^${name}\\.[A-Z0-9]+\\.cjs\\.${process.version}-${process.arch}\\.v8$`).test(file),
    );
  await vi.waitFor(() => expect(cacheFiles(cacheDir).sort()).toEqual([server, ...vendors].map(cached).sort()), {
    timeout: 10_000,
  });
  const file = cached(server);

  const second = await startAndCall([server, ...args], env, call);
  expect(second.state).toBe('hit');
  expect(second.result.isError).toBeFalsy();
  expect(sameResult(second.result)).toEqual(sameResult(first.result));

  writeFileSync(join(cacheDir, 'code', file!), 'not bytecode'.repeat(100));
  const third = await startAndCall([server, ...args], env, call);
  expect(third.state).toBe('rejected');
  expect(sameResult(third.result)).toEqual(sameResult(first.result));

  const off = await startAndCall([server, ...args], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' }, call);
  expect(off.state).toBe('off');
  expect(sameResult(off.result)).toEqual(sameResult(first.result));
}

describe('each stdio server starts from its code cache and works the same', () => {
  it('filesystem reads a file', async () => {
    const root = tempDir('root');
    writeFileSync(join(root, 'hello.txt'), 'hello from the cache\n');
    await checkServer(
      'filesystem',
      [root],
      {},
      { name: 'read_file', arguments: { path: 'hello.txt' } },
      (result) => (result.structuredContent as { content: string }).content,
    );
  });

  it('database runs a query through the SQL parser it loads on the first call', async () => {
    await checkServer(
      'database',
      ['postgres://127.0.0.1:5432/test'],
      {},
      { name: 'query', arguments: { sql: 'SELECT 6 * 7 AS answer' } },
      (result) => (result.structuredContent as { rows: unknown[] }).rows,
    );
  });

  describe('kubernetes', () => {
    let cluster: FakeKubeApiServer;
    beforeAll(async () => {
      cluster = await startFakeKubeApiServer({ podStartDelayMs: 0 });
      cluster.seedPods({ count: 2, namespaces: ['shop'] });
      await cluster.idle();
    });
    afterAll(async () => {
      await cluster.close();
    });

    it('lists pods through client-node, which it loads on the first call from a bundle of its own', async () => {
      await checkServer(
        'kubernetes',
        [],
        { KUBECONFIG: cluster.kubeconfigPath },
        { name: 'list_resources', arguments: { kind: 'pods', namespace: 'shop' } },
        (result) => (result.structuredContent as { rows: unknown[] }).rows.length,
        // client-node comes from a vendor bundle of its own, loaded by the first API call.
        ['client-node'],
      );
    });
  });
});
