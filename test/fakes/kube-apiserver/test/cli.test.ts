import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const directory = mkdtempSync(join(tmpdir(), 'fake-kube-cli-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function kubectl(args: string[], kubeconfig: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, {
      env: { PATH: process.env.PATH, HOME: directory, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(directory, 'cache') },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`kubectl exited ${code}`))));
  });
}

describe('the standalone fake', () => {
  it('starts with seeded pods across namespaces, writes its kubeconfig, serves kubectl, and exits on SIGTERM', async () => {
    const kubeconfig = join(directory, 'kubeconfig.json');
    const server = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli.ts',
        '--port',
        '0',
        '--seed',
        'pods=60',
        '--seed-namespaces',
        '3',
        '--kubeconfig',
        kubeconfig,
      ],
      { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve) =>
      createInterface({ input: server.stdout }).once('line', resolve),
    );
    const ready = JSON.parse(firstLine) as { url: string; kubeconfig: string; pods: number };
    expect(ready).toMatchObject({ kubeconfig, pods: 60 });
    expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const pods = await kubectl(['get', 'pods', '-A', '--no-headers'], kubeconfig);
    expect(pods.trim().split('\n')).toHaveLength(60);
    const namespaces = await kubectl(['get', 'pods', '-n', 'bench-2', '-o', 'name'], kubeconfig);
    expect(namespaces.trim().split('\n')).toHaveLength(20);
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
