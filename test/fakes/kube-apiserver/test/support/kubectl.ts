import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeKubeApiServer } from '../../src/index.js';

/** What one kubectl run printed and how it exited. */
export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the machine's real kubectl against one fake, with its own kubeconfig, cache and HOME (never the user's). */
export interface Kubectl {
  run(args: string[], options?: { stdin?: string; kubeconfig?: string }): Promise<KubectlResult>;
  /** Runs kubectl and fails with its stderr unless it exits 0. */
  ok(args: string[], options?: { stdin?: string; kubeconfig?: string }): Promise<string>;
  /** Starts a long-running kubectl (logs -f, get -w) and collects its stdout. */
  spawn(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number> };
  dispose(): void;
}

/** A kubectl bound to `server`. */
export function kubectlFor(server: FakeKubeApiServer): Kubectl {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  const env = (kubeconfig?: string) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    KUBECONFIG: kubeconfig ?? server.kubeconfigPath,
    KUBECACHEDIR: join(home, 'cache'),
  });
  const run = (args: string[], options: { stdin?: string; kubeconfig?: string } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(
        'kubectl',
        args,
        { env: env(options.kubeconfig), maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ stdout, stderr, code });
        },
      );
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    });
  return {
    run,
    async ok(args, options) {
      const result = await run(args, options);
      if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return result.stdout;
    },
    spawn(args) {
      const child = spawn('kubectl', args, { env: env() });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
      return { child, output: () => output, exited };
    },
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Polls `check` until it returns true (a live cluster converges asynchronously). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in time');
}
