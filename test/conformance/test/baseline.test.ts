import { silentLogger } from '@infra-mcp/core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServersUnderTest, type ServerName, type ServersUnderTest } from '../src/hosts.js';
import { judgeLeg, type LegVerdict } from '../src/judge.js';
import { findReferee, runReferee } from '../src/referee.js';

describe('a conformance leg judged against its baseline', () => {
  let servers: ServersUnderTest;
  let scratch: string;
  beforeAll(async () => {
    servers = await startServersUnderTest(silentLogger);
    scratch = await mkdtemp(join(tmpdir(), 'infra-mcp-baseline-test-'));
  });
  afterAll(async () => {
    await servers[Symbol.asyncDispose]();
    await rm(scratch, { recursive: true, force: true });
  });

  /** Runs one scenario against `server` with `entries` as the whole baseline. */
  async function judge(server: ServerName, scenario: string, entries: readonly string[]): Promise<LegVerdict> {
    const id = `${server}-${scenario}-${entries.length}`;
    const baseline = join(scratch, `${id}.yaml`);
    await writeFile(baseline, `server:\n${entries.map((entry) => `  - ${entry}\n`).join('') || '  []\n'}`);
    const resultsDir = await mkdtemp(join(scratch, `${id}-`));
    const leg = { id, server, title: id, args: [], baseline: `${id}.yaml` };
    const run = await runReferee(findReferee(), {
      args: ['server', '--url', servers.endpoint(server), '--scenario', scenario, '--expected-failures', baseline],
      logFile: join(resultsDir, 'cli-output.txt'),
      resultsDir,
    });
    return judgeLeg(leg, run, resultsDir);
  }

  it('passes when every failing check is listed', async () => {
    const verdict = await judge('filesystem', 'tools-call-error', ['tools-call-error:tools-call-error']);
    expect(verdict).toMatchObject({ passed: true, line: expect.stringContaining('1 expected failures') });
  });

  it('fails on a failing check the baseline does not list, and says what failed', async () => {
    const verdict = await judge('filesystem', 'tools-call-error', []);
    expect(verdict.passed).toBe(false);
    expect(verdict.details).toContain('unexpected  tools-call-error');
    expect(verdict.details).toContain('Unknown tool: test_error_handling');
  });

  it('fails on a listed check that passes now, so the baseline only ever shrinks', async () => {
    const verdict = await judge('everything', 'tools-call-error', ['tools-call-error:tools-call-error']);
    expect(verdict.passed).toBe(false);
    expect(verdict.details).toContain('stale       tools-call-error:tools-call-error');
  });
});
