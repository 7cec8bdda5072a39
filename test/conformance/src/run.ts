import { createLogger } from '@infra-mcp/core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeLeg, type LegVerdict } from './judge.js';
import { legs } from './legs.js';
import { findReferee, runReferee } from './referee.js';
import { startServersUnderTest } from './hosts.js';

/**
 * Runs every leg of the official MCP conformance suite against our servers
 * and exits non-zero when any leg has a failure its baseline does not list,
 * or a baseline entry that no longer fails.
 */
async function main(): Promise<number> {
  const referee = findReferee();
  const only = process.argv.slice(2);
  const chosen = only.length === 0 ? legs : legs.filter((leg) => only.includes(leg.id));
  if (chosen.length === 0)
    throw new Error(`No leg named ${only.join(', ')}: choose from ${legs.map((leg) => leg.id).join(', ')}`);
  const outputRoot = await mkdtemp(join(tmpdir(), 'infra-mcp-conformance-results-'));
  process.stdout.write(
    `MCP conformance ${referee.version} (CLI on Node ${referee.nodeVersion}, servers on Node ${process.version})\n`,
  );
  await using servers = await startServersUnderTest(createLogger({ level: 'error' }));
  const verdicts: LegVerdict[] = [];
  for (const leg of chosen) {
    const resultsDir = join(outputRoot, leg.id);
    await mkdir(resultsDir, { recursive: true });
    const baseline = join(import.meta.dirname, '..', 'expected-failures', leg.baseline);
    const run = await runReferee(referee, {
      args: ['server', '--url', servers.endpoint(leg.server), ...leg.args, '--expected-failures', baseline],
      logFile: join(resultsDir, 'cli-output.txt'),
      resultsDir,
    });
    const verdict = judgeLeg(leg, run, resultsDir);
    verdicts.push(verdict);
    process.stdout.write(`${verdict.line}\n`);
    if (!verdict.passed) process.stdout.write(`${verdict.details}\n`);
  }
  const failed = verdicts.filter((verdict) => !verdict.passed);
  if (failed.length === 0) {
    await rm(outputRoot, { recursive: true, force: true });
    process.stdout.write(`All ${verdicts.length} legs match their baselines.\n`);
    return 0;
  }
  const names = failed.map((verdict) => verdict.id).join(', ');
  process.stdout.write(`${failed.length} of ${verdicts.length} legs do not match their baselines: ${names}.\n`);
  process.stdout.write(`The CLI's full output and every checks.json are kept under ${outputRoot}\n`);
  return 1;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`);
  return 2;
});
