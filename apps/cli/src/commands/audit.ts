import { auditOutcomes as outcomes, loadConfig, openStateStore, silentLogger, type AuditQuery } from '@infra-mcp/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseFlags, stringFlag, type ParsedFlags } from '../args.js';
import { UsageError } from '../usage-error.js';

const usage = `Usage:
  infra-mcp audit export [--since TIME] [--until TIME] [--server NAME] [--principal NAME]
                         [--tool NAME] [--outcome OUTCOME]
      print the audit records of every tool call as JSON lines, newest first

TIME is an ISO 8601 instant (2026-11-21T09:00:00Z) or an age (90s, 30m, 12h, 7d).
OUTCOME is one of: ${outcomes.join(', ')}.
The store is INFRA_MCP_STATE_URL, else state.db in the data directory (INFRA_MCP_DATA_DIR).
`;

/** `infra-mcp audit …`: read the audit trail out of the state store. */
export async function runAudit(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(usage);
    return;
  }
  if (action !== 'export') throw new UsageError(`unknown audit action "${action}": use export`);
  await exportRecords(rest, env);
}

async function exportRecords(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const flags = parseFlags('audit export', args, {
    since: { type: 'string' },
    until: { type: 'string' },
    server: { type: 'string' },
    principal: { type: 'string' },
    tool: { type: 'string' },
    outcome: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.values.help === true) {
    process.stdout.write(usage);
    return;
  }
  if (flags.positionals.length > 0)
    throw new UsageError(`audit export takes no arguments, got "${flags.positionals[0]}": use the flags to filter`);
  const query = queryOf(flags, new Date());
  const { core } = loadConfig({ env });
  const file = join(core.dataDir, 'state.db');
  if (core.stateUrl === undefined && !existsSync(file))
    throw new UsageError(
      `no state store at ${file}: set INFRA_MCP_DATA_DIR (or INFRA_MCP_STATE_URL) to the one the servers use`,
    );
  // The export only reads: no sweeping, nothing written.
  const store = await openStateStore({
    url: core.stateUrl,
    dataDir: core.dataDir,
    log: silentLogger,
    sweepIntervalMs: 0,
  });
  // A reader that goes away (`| head`) ends the export quietly, not with EPIPE.
  let readerGone = false;
  const onError = (): void => void (readerGone = true);
  process.stdout.on('error', onError);
  try {
    let cursor: string | undefined;
    do {
      const page = await store.listAudit({ ...query, ...(cursor === undefined ? {} : { cursor }) });
      for (const record of page.items) {
        const line = `${JSON.stringify({ ...record, at: record.at.toISOString() })}\n`;
        if (readerGone || !(await written(line))) return;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  } finally {
    process.stdout.off('error', onError);
    await store.close();
  }
}

function queryOf(flags: ParsedFlags, now: Date): AuditQuery {
  const since = stringFlag(flags, 'since');
  const until = stringFlag(flags, 'until');
  const outcome = stringFlag(flags, 'outcome');
  const chosen = outcome === undefined ? undefined : outcomes.find((candidate) => candidate === outcome);
  if (outcome !== undefined && chosen === undefined)
    throw new UsageError(`--outcome ${outcome} is not an outcome: use ${outcomes.join(', ')}`);
  const query: AuditQuery = {
    limit: 1000,
    ...(since === undefined ? {} : { since: instantOf('--since', since, now) }),
    ...(until === undefined ? {} : { until: instantOf('--until', until, now) }),
    ...(chosen === undefined ? {} : { outcome: chosen }),
  };
  for (const key of ['server', 'principal', 'tool'] as const) {
    const value = stringFlag(flags, key);
    if (value === '') throw new UsageError(`--${key} is empty: give a name, or leave the flag out`);
    if (value !== undefined) query[key] = value;
  }
  if (query.since !== undefined && query.until !== undefined && query.since >= query.until)
    throw new UsageError('--since is not before --until: swap them, or widen the window');
  return query;
}

const ageUnits: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An ISO 8601 instant with a zone, or an age such as `12h` counted back from `now`. */
function instantOf(flag: string, text: string, now: Date): Date {
  const age = /^(\d+)([smhd])$/.exec(text);
  if (age !== null) return new Date(now.getTime() - Number(age[1]) * ageUnits[age[2]!]!);
  const instant = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(text) ? new Date(text) : undefined;
  if (instant === undefined || Number.isNaN(instant.getTime()))
    throw new UsageError(
      `${flag} ${text} is not a time: use an ISO instant (2026-11-21T09:00:00Z) or an age (12h, 7d)`,
    );
  return instant;
}

/** Writes `text`, waiting for a slow reader; false once the reader has gone. */
async function written(text: string): Promise<boolean> {
  const stdout = process.stdout;
  if (stdout.destroyed) return false;
  if (stdout.write(text)) return true;
  const drained = once(stdout, 'drain').then(
    () => true,
    () => false,
  );
  const closed = once(stdout, 'close').then(() => false);
  return Promise.race([drained, closed]);
}
