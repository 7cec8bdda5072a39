import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `infra-mcp` command under test. */
export const cliPath = fileURLToPath(new URL('../../../apps/cli/dist/infra-mcp.mjs', import.meta.url));

/** A fresh, empty directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `infra-mcp-e2e-${prefix}-`));
}

/** Environment for a spawned CLI: its own data dir, quiet logs, nothing inherited that could change behaviour. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: tempDir('home'),
    INFRA_MCP_DATA_DIR: tempDir('data'),
    INFRA_MCP_LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Result of running the CLI to completion. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` and collects its output. */
export function runCli(args: readonly string[], env = cliEnv(), input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Waits for a child to exit; rejects after `ms`. */
export function exited(child: ChildProcess, ms = 10_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${ms} ms`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** A client of the built CLI over stdio that keeps the server's debug log. */
export interface LoggedSession {
  client: Client;
  /** The first log line with this `msg`, its fields parsed; undefined when none was written yet. */
  logged: <T extends object>(msg: string) => (T & { msg: string }) | undefined;
  close: () => Promise<void>;
}

/** Starts `infra-mcp <args…>` over stdio at debug log level and connects a client. */
export async function connectLogged(args: readonly string[], env: Record<string, string>): Promise<LoggedSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, ...args],
    env: { ...env, INFRA_MCP_LOG_LEVEL: 'debug' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'e2e', version: '0' });
  await client.connect(transport);
  return {
    client,
    logged: <T extends object>(msg: string) =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as T & { msg: string })
        .find((entry) => entry.msg === msg),
    close: () => client.close(),
  };
}
