import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/noisy-stdio-server.ts', import.meta.url));

describe('the stdio transport', () => {
  it('keeps stdout for protocol bytes even when code writes to it, and sends the strays to stderr', async () => {
    const child = spawn(process.execPath, ['--conditions=@infra-mcp/source', '--import', 'tsx', fixture], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'shout', arguments: {} } });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (stdout.includes('"id":2')) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    child.stdin.end();
    await new Promise((resolve) => child.once('close', resolve));
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { jsonrpc: string }).jsonrpc)).toEqual(['2.0', '2.0']);
    expect(stderr).toContain('a stray console.log at startup');
    expect(stderr).toContain('a stray console.log inside a tool');
    expect(stderr).toContain('a stray stdout write');
  }, 20_000);
});
