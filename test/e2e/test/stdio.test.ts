import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, cliPath, exited, runCli, tempDir } from './cli.js';

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '0' } },
});

describe('infra-mcp filesystem over stdio', () => {
  it.each(['legacy', 'modern'] as const)('serves a %s-era client from one process', async (era) => {
    const root = tempDir('root');
    writeFileSync(join(root, 'hello.txt'), 'hi\n');
    const client = new Client(
      { name: 'e2e', version: '0' },
      era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
    );
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cliPath, 'filesystem', root],
      env: cliEnv(),
      stderr: 'pipe',
    });
    await client.connect(transport);
    expect(client.getProtocolEra()).toBe(era);
    const result = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
    expect(result.structuredContent).toEqual({ directories: [{ path: root, readOnly: false }] });
    await client.close();
  });

  it('writes nothing but JSON-RPC to stdout and exits when stdin closes', async () => {
    const root = tempDir('root');
    const child = spawn(process.execPath, [cliPath, 'filesystem', root], {
      env: cliEnv({ INFRA_MCP_LOG_LEVEL: 'debug' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.write(`${initialize}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.stdin.end();
    expect(await exited(child)).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { id: number }).id)).toEqual([1, 2]);
    expect(stderr).toContain('"level":"info"');
  });

  it('stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [cliPath, 'filesystem', tempDir('root')], {
      env: cliEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    await new Promise(
      (resolve) =>
        child.stderr.once('data', resolve).once('close', resolve).once('error', resolve) && setTimeout(resolve, 1500),
    );
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('refuses a missing directory with one line on stderr and nothing on stdout', async () => {
    const result = await runCli(['filesystem', '/no/such/dir']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'infra-mcp: directory /no/such/dir does not exist: create it or pass an existing directory',
    ]);
  });

  it('prints Claude Desktop entries that start working servers', async () => {
    const env = cliEnv();
    const printed = await runCli(['config', 'claude-desktop'], env);
    const entry = (JSON.parse(printed.stdout) as { mcpServers: Record<string, { command: string; args: string[] }> })
      .mcpServers['infra-filesystem']!;
    const workspace = entry.args.at(-1)!;
    expect(workspace).toBe(join(env.INFRA_MCP_DATA_DIR!, 'workspace'));
    await import('node:fs/promises').then((fs) => fs.mkdir(workspace, { recursive: true }));
    const client = new Client({ name: 'e2e', version: '0' });
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env, stderr: 'pipe' }));
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });
});
