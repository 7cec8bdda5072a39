import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, cliPath, exited } from './cli.js';

let server: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  if (server !== undefined && server.exitCode === null) {
    server.kill('SIGTERM');
    await exited(server);
  }
  server = undefined;
});

/** Starts `infra-mcp serve` on a free port and returns the base URL it prints. */
async function serve(args: readonly string[], env = cliEnv()): Promise<{ base: string; printed: string }> {
  server = spawn(process.execPath, [cliPath, 'serve', '--port', '0', ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let printed = '';
  const base = await new Promise<string>((resolve, reject) => {
    server!.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(printed);
      if (match !== null && printed.includes('Stop: Ctrl-C')) resolve(match[1]!);
    });
    server!.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { base, printed };
}

describe('infra-mcp serve', () => {
  it('serves the filesystem server at /mcp/filesystem to both eras, with embedded defaults', async () => {
    const { base, printed } = await serve(['filesystem']);
    expect(printed).toContain(`${base}/mcp/filesystem`);
    expect(JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1))).toEqual({
      mcpServers: { 'infra-filesystem': { type: 'http', url: `${base}/mcp/filesystem` } },
    });
    for (const era of ['legacy', 'modern'] as const) {
      const client = new Client(
        { name: 'e2e', version: '0' },
        era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
      );
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp/filesystem`)));
      expect(client.getProtocolEra()).toBe(era);
      const result = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
      const directories = (result.structuredContent as { directories: { path: string }[] }).directories;
      expect(directories).toHaveLength(1);
      expect(directories[0]!.path.endsWith('/workspace')).toBe(true);
      await client.close();
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('serves what a fresh machine has and reports ready: Kubernetes waits until it is named', async () => {
    // No server named, no kubeconfig: filesystem and the sandbox database are served, Kubernetes is not.
    const { base, printed } = await serve([]);
    expect(printed).toContain(`${base}/mcp/filesystem`);
    expect(printed).toContain(`${base}/mcp/database`);
    expect(printed).toMatch(/kubernetes +not served: no kubeconfig found/);
    expect(
      Object.keys(JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1)).mcpServers),
    ).toEqual(['infra-filesystem', 'infra-database']);
    expect((await fetch(`${base}/mcp/kubernetes`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    server!.kill('SIGTERM');
    await exited(server!);

    // Named, it is served, and readiness says what it lacks.
    const named = await serve(['filesystem', 'kubernetes']);
    expect(named.printed).toContain(`${named.base}/mcp/kubernetes`);
    const ready = await fetch(`${named.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('no kubeconfig');
  });

  it('stops cleanly on SIGTERM', async () => {
    await serve(['filesystem']);
    server!.kill('SIGTERM');
    expect(await exited(server!)).toBe(0);
  });
});
