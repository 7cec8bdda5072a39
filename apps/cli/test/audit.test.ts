import { openStateStore, silentLogger, type AuditInput } from '@infra-mcp/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture, tempDirPerTest } from './capture.js';

const tempDir = tempDirPerTest('infra-mcp-cli-audit-');

const run = (argv: string[]) => main(argv, { HOME: tempDir(), INFRA_MCP_DATA_DIR: tempDir() }, '/x/infra-mcp.mjs');

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

function record(overrides: Partial<AuditInput>): AuditInput {
  return {
    at: minutesAgo(1),
    requestId: 'r',
    principal: 'local',
    server: 'filesystem',
    tool: 'read_file',
    args: { path: '/srv/a.txt' },
    outcome: 'ok',
    durationMs: 3,
    ...overrides,
  };
}

/** Writes records into the embedded store where the servers would. */
async function seed(records: AuditInput[]): Promise<void> {
  const store = await openStateStore({ dataDir: tempDir(), log: silentLogger, sweepIntervalMs: 0 });
  await store.appendAudit(records);
  await store.close();
}

const exported = (out: string[]) =>
  out
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('infra-mcp audit export', () => {
  it('prints every record as one JSON line, newest first, with the arguments as recorded', async () => {
    await seed([
      record({ requestId: 'older', at: minutesAgo(30) }),
      record({
        requestId: 'newer',
        tool: 'delete_file',
        outcome: 'denied',
        errorCode: 'FORBIDDEN',
        args: { token: '[redacted]' },
      }),
    ]);
    const { out, err } = capture();
    expect(await run(['audit', 'export'])).toBe(0);
    expect(err).toEqual([]);
    const lines = exported(out);
    expect(lines.map((line) => line.requestId)).toEqual(['newer', 'older']);
    expect(lines[0]).toMatchObject({
      server: 'filesystem',
      tool: 'delete_file',
      outcome: 'denied',
      errorCode: 'FORBIDDEN',
      args: { token: '[redacted]' },
    });
    expect(new Date(String(lines[1]!.at)).getTime()).toBeCloseTo(minutesAgo(30).getTime(), -4);
  });

  it('keeps only the records the filters name', async () => {
    await seed([
      record({ requestId: 'fs-ok' }),
      record({ requestId: 'fs-limited', outcome: 'rate_limited' }),
      record({ requestId: 'db-ok', server: 'database', tool: 'query' }),
      record({ requestId: 'fs-old', at: minutesAgo(180) }),
    ]);
    const { out } = capture();
    expect(await run(['audit', 'export', '--server', 'filesystem', '--since', '2h', '--outcome', 'ok'])).toBe(0);
    expect(exported(out).map((line) => line.requestId)).toEqual(['fs-ok']);
  });

  it('pages through more records than one page holds, each exactly once', async () => {
    await seed(
      Array.from({ length: 2500 }, (_, index) =>
        record({ requestId: `r${index}`, at: new Date(1_700_000_000_000 + index) }),
      ),
    );
    const { out } = capture();
    expect(await run(['audit', 'export'])).toBe(0);
    const ids = exported(out).map((line) => line.requestId);
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
    expect(ids[0]).toBe('r2499');
  });

  it.each([
    [['--outcome', 'fine'], /--outcome fine is not an outcome: use ok, error, denied/],
    [['--since', 'yesterday'], /--since yesterday is not a time: use an ISO instant/],
    [['--since', '1h', '--until', '2h'], /--since is not before --until/],
    [['--server', ''], /--server is empty/],
    [['--colour'], /Unknown option '--colour'/],
    [['everything'], /takes no arguments/],
  ])('refuses %j with one line on stderr and exit code 2', async (flags, message) => {
    await seed([record({})]);
    const { out, err } = capture();
    expect(await run(['audit', 'export', ...flags])).toBe(2);
    expect(out.join('')).toBe('');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  it('says where it looked when there is no store, and creates none', async () => {
    const { out, err } = capture();
    expect(await run(['audit', 'export'])).toBe(2);
    expect(out.join('')).toBe('');
    expect(err[0]).toMatch(/no state store at .*state\.db: set INFRA_MCP_DATA_DIR/);
    expect(existsSync(join(tempDir(), 'state.db'))).toBe(false);
  });
});
