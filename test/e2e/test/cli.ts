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
