import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, cliPath, exited, runCli, tempDir } from './cli.js';
import { node24Path } from '@infra-mcp/test-node24';

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

  it('records every call in the audit trail that `infra-mcp audit export` prints', async () => {
    const root = tempDir('root');
    writeFileSync(join(root, 'hello.txt'), 'hi\n');
    const env = cliEnv();
    const client = new Client({ name: 'e2e', version: '0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [cliPath, 'filesystem', root], env, stderr: 'pipe' }),
    );
    await client.callTool({ name: 'read_file', arguments: { path: join(root, 'hello.txt') } });
    const refused = await client.callTool({ name: 'read_file', arguments: { path: '/etc/passwd' } });
    expect(refused.isError).toBe(true);
    await client.close();

    const result = await runCli(['audit', 'export', '--server', 'filesystem', '--tool', 'read_file'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { principal: string; args: { path: string }; outcome: string });
    expect(records.map((record) => [record.args.path, record.outcome])).toEqual([
      ['/etc/passwd', 'denied'],
      [join(root, 'hello.txt'), 'ok'],
    ]);
    expect(new Set(records.map((record) => record.principal))).toEqual(new Set(['local']));
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

  it('stops on SIGTERM while serving', async () => {
    const child = spawn(process.execPath, [cliPath, 'filesystem', tempDir('root')], {
      env: cliEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Serving means it has answered initialize; a loaded machine may take seconds to get there.
    const answered = new Promise((resolve) => {
      child.stdout.once('data', resolve);
      child.once('exit', resolve);
    });
    child.stdin.write(`${initialize}\n`);
    await answered;
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

const node24 = node24Path();

describe.runIf(node24 !== undefined)('infra-mcp filesystem on Node 24', () => {
  // better-sqlite3 12 aborts Node 24.19+ when one of its statements is
  // collected; the state store must load the build that Node can run.
  it('keeps notes in its state store and exits cleanly', async () => {
    const child = spawn(node24!, [cliPath, 'filesystem', tempDir('root')], {
      env: cliEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const calls = 200;
    child.stdin.write(`${initialize}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    for (let id = 2; id < calls + 2; id++) {
      const params = { name: 'remember_note', arguments: { key: `k${id % 7}`, value: `v${id}` } };
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params })}\n`);
    }
    while (stdout.split('\n').length <= calls + 1 && child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.stdin.end();
    expect(await exited(child)).toBe(0);
    expect(stderr).not.toContain('Assertion failed');
    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { result?: { isError?: boolean } });
    expect(answers).toHaveLength(calls + 1);
    expect(answers.filter((answer) => answer.result?.isError === true)).toEqual([]);
  });
});
