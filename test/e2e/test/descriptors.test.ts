// The build computes the descriptor of every tool that is a constant of the
// bundle once (apps/cli/build.mjs), so a fresh server skips zod's JSON
// Schema conversion at start. A tool missing from that table, or one keyed
// differently by the build than by the running server, would silently cost
// the start-up again: each server here reports, in its debug log, how many
// descriptors it still had to compute.
import { startFakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, connectLogged, tempDir } from './cli.js';

interface DescriptorLog {
  fromTable: number;
  describedAtStart: number;
}

async function listedWithLog(
  args: string[],
  env: Record<string, string>,
): Promise<{ tools: number; log: DescriptorLog }> {
  const session = await connectLogged(args, env);
  try {
    const { tools } = await session.client.listTools();
    const line = session.logged<DescriptorLog>('tool descriptors');
    expect(line, 'no "tool descriptors" line in the server log').toBeDefined();
    return { tools: tools.length, log: { fromTable: line!.fromTable, describedAtStart: line!.describedAtStart } };
  } finally {
    await session.close();
  }
}

describe('the built command describes its tools from the table the build computed', () => {
  it('filesystem, every tool listed', async () => {
    const root = tempDir('root');
    writeFileSync(join(root, 'hello.txt'), 'hi\n');
    const { tools, log } = await listedWithLog(['filesystem', '--mode', 'destructive', root], cliEnv());
    expect(tools).toBeGreaterThan(15);
    expect(log).toEqual({ fromTable: tools, describedAtStart: 0 });
  });

  it('filesystem with full output schemas', async () => {
    const root = tempDir('root');
    const { tools, log } = await listedWithLog(['filesystem', root], cliEnv({ INFRA_MCP_OUTPUT_SCHEMAS: 'full' }));
    expect(log).toEqual({ fromTable: tools, describedAtStart: 0 });
  });

  it('database, on the PostgreSQL of this machine', async () => {
    const { tools, log } = await listedWithLog(
      ['database', '--mode', 'destructive', 'postgres://127.0.0.1:5432/test'],
      cliEnv(),
    );
    // execute and cancel_query are made per server (from the connections' modes), so they are described at start.
    expect(log).toEqual({ fromTable: tools - 2, describedAtStart: 2 });
  });

  it('kubernetes, against the fake API server', async () => {
    const cluster = await startFakeKubeApiServer({ podStartDelayMs: 0 });
    try {
      const { tools, log } = await listedWithLog(
        ['kubernetes', '--mode', 'destructive'],
        cliEnv({ KUBECONFIG: cluster.kubeconfigPath }),
      );
      expect(log).toEqual({ fromTable: tools, describedAtStart: 0 });
    } finally {
      await cluster.close();
    }
  });
});
