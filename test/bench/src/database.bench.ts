// The database server against @modelcontextprotocol/server-postgres, in one
// run, on one throwaway database of the local PostgreSQL: cold start,
// `select 1` and 1000-row latency, result size, memory and tools/list size.
import type { Client } from '@modelcontextprotocol/client';
import pg from 'pg';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  coldStartMs,
  connect,
  cpuMs,
  latency,
  markdownTable,
  median,
  rssMiB,
  toolsListBytes,
  withoutCodeCache,
  withPrimedCodeCache,
  type ComparisonRow,
  type ServerCommand,
} from './harness.js';

const host = process.env.PGHOST ?? '127.0.0.1';
const port = Number(process.env.PGPORT ?? 5432);
const user = process.env.PGUSER ?? 'postgres';
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const cli = `${repository}apps/cli/dist/infra-mcp.mjs`;

/** The 1000-row query both servers answer in full. */
export const thousandRows = 'SELECT * FROM bench_rows ORDER BY id';
const rounds = 7;

interface Measured {
  coldStartMs: number;
  /** Ours with its code cache off, as the first start after an install runs (the reference: its only kind). */
  firstColdStartMs: number;
  select1: number;
  thousand: number;
  /** The same p50s once the server has served a few thousand more calls. */
  warmSelect1: number;
  warmThousand: number;
  /** Server CPU a call (ms), over every call of the latency rounds. */
  select1Cpu: number;
  thousandCpu: number;
  textBytes: number;
  responseBytes: number;
  rows: number;
  rss: number;
  peakRss: number;
  toolsBytes: number;
  tools: number;
}

/** Runs the comparison and returns it as a Markdown table with the setup beneath. */
export async function run(): Promise<string> {
  if (!existsSync(cli))
    execFileSync('pnpm', ['--filter', '@infra-mcp/cli', 'build'], { cwd: repository, stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'infra-mcp-bench-db-'));
  const bench = await createBenchDatabase();
  try {
    const url = bench.url;
    const reference = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-postgres/dist/index.js');
    const ours: ServerCommand = await withPrimedCodeCache({
      label: 'infra-mcp database',
      command: process.execPath,
      args: [cli, 'database', url],
      env: {
        INFRA_MCP_DATA_DIR: dataDir,
        INFRA_MCP_LOG_LEVEL: 'error',
        // The budget is raised so that both servers return all 1000 rows.
        INFRA_MCP_MAX_OUTPUT_BYTES: String(16 * 1024 * 1024),
        // The rate limiter on, but never the limit.
        INFRA_MCP_RATE_LIMITS: 'default=1000000/second',
      },
    });
    const theirs: ServerCommand = { label: 'server-postgres', command: process.execPath, args: [reference, url] };
    const [measuredOurs, measuredTheirs] = await measureBoth(
      { server: ours, thousandArgs: { sql: thousandRows, max_rows: 1000 } },
      { server: theirs, thousandArgs: { sql: thousandRows } },
    );
    return report(measuredOurs, measuredTheirs);
  } finally {
    await bench.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A throwaway database on the local PostgreSQL with the 1000-row table both servers query; `drop` removes it. */
export async function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = `infra_mcp_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ host, port, user, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const drop = async (): Promise<void> => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await seed(database);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: `postgres://${user}@${host}:${port}/${database}`, drop };
}

async function seed(database: string): Promise<void> {
  const client = new pg.Client({ host, port, user, database });
  await client.connect();
  await client.query(`
    CREATE TABLE bench_rows (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, amount numeric(10, 2) NOT NULL,
      created_at timestamptz NOT NULL, active boolean NOT NULL);
    INSERT INTO bench_rows
    SELECT i, 'Customer ' || i, 'customer' || i || '@example.com', round((i * 7.31) % 1000, 2),
      timestamptz '2024-01-01 00:00+00' + i * interval '1 hour', i % 3 <> 0
    FROM generate_series(1, 1000) AS i;
    ANALYZE bench_rows;`);
  await client.end();
}

interface Contender {
  server: ServerCommand;
  thousandArgs: Record<string, unknown>;
}

/**
 * Measures both servers with their runs interleaved (cold starts, then
 * rounds of ours-then-theirs latency samples), so that load from other work
 * on the machine falls on both alike; each figure is the median over rounds.
 */
async function measureBoth(ours: Contender, theirs: Contender): Promise<[Measured, Measured]> {
  const cold: [number[], number[]] = [[], []];
  const firstCold: number[] = [];
  for (let round = 0; round < 5; round++) {
    cold[0].push(await coldStartMs(ours.server, 1));
    cold[1].push(await coldStartMs(theirs.server, 1));
    firstCold.push(await coldStartMs(withoutCodeCache(ours.server), 1));
  }
  const sessions = [await connect(ours.server), await connect(theirs.server)] as const;
  try {
    const contenders = [ours, theirs] as const;
    const select1: [number[], number[]] = [[], []];
    const thousand: [number[], number[]] = [[], []];
    // Server CPU (ms) and calls, summed over the rounds: [server][`select 1`, 1000 rows].
    const cpu = [0, 1].map(() => [0, 1].map(() => ({ ms: 0, calls: 0 })));
    const measured = async (index: 0 | 1, kind: 0 | 1, call: () => Promise<unknown>, n: number, warmup: number) => {
      const before = cpuMs(sessions[index].pid);
      const { p50 } = await latency(call, n, warmup);
      const tally = cpu[index]![kind]!;
      tally.ms += cpuMs(sessions[index].pid) - before;
      tally.calls += n + warmup;
      return p50;
    };
    const call = (index: 0 | 1, args: Record<string, unknown>) =>
      sessions[index].client.callTool({ name: 'query', arguments: args });
    for (let round = 0; round < rounds; round++) {
      for (const index of [0, 1] as const) {
        select1[index].push(await measured(index, 0, () => call(index, { sql: 'select 1' }), 60, round === 0 ? 50 : 5));
        thousand[index].push(
          await measured(index, 1, () => call(index, contenders[index].thousandArgs), 20, round === 0 ? 10 : 2),
        );
      }
    }
    // A server young enough to still be compiling its code pays for that on every call above; these rounds do not.
    const warmSelect1: [number[], number[]] = [[], []];
    const warmThousand: [number[], number[]] = [[], []];
    for (let round = 0; round < rounds; round++) {
      for (const index of [0, 1] as const) {
        warmSelect1[index].push(
          (await latency(() => call(index, { sql: 'select 1' }), 60, round === 0 ? 3000 : 5)).p50,
        );
        warmThousand[index].push(
          (await latency(() => call(index, contenders[index].thousandArgs), 20, round === 0 ? 200 : 2)).p50,
        );
      }
    }
    return (await Promise.all(
      ([0, 1] as const).map(async (index) => {
        const sample = await sessions[index].client.callTool({
          name: 'query',
          arguments: contenders[index].thousandArgs,
        });
        const text = textOf(sample);
        const listed = await toolsListBytes(sessions[index].client);
        return {
          coldStartMs: median(cold[index]),
          firstColdStartMs: median(index === 0 ? firstCold : cold[1]),
          select1: median(select1[index]),
          thousand: median(thousand[index]),
          warmSelect1: median(warmSelect1[index]),
          warmThousand: median(warmThousand[index]),
          select1Cpu: cpu[index]![0]!.ms / cpu[index]![0]!.calls,
          thousandCpu: cpu[index]![1]!.ms / cpu[index]![1]!.calls,
          textBytes: Buffer.byteLength(text),
          responseBytes: Buffer.byteLength(JSON.stringify({ jsonrpc: '2.0', id: 1, result: sample })),
          rows: rowsIn(sample, text),
          rss: rssMiB(sessions[index].pid),
          peakRss: rssMiB(sessions[index].pid, true),
          toolsBytes: listed.bytes,
          tools: listed.tools,
        };
      }),
    )) as [Measured, Measured];
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as { type: string; text?: string }[]).map((item) => item.text ?? '').join('');
}

function rowsIn(result: Awaited<ReturnType<Client['callTool']>>, text: string): number {
  const structured = result.structuredContent as { rows?: unknown[] } | undefined;
  if (structured?.rows !== undefined) return structured.rows.length;
  return (JSON.parse(text) as unknown[]).length;
}

function report(ours: Measured, theirs: Measured): string {
  const rows: ComparisonRow[] = [
    {
      metric: 'cold start (spawn → tools/list), median of 5 interleaved',
      ours: ours.coldStartMs,
      theirs: theirs.coldStartMs,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: 'cold start, first after an install (no code cache)',
      ours: ours.firstColdStartMs,
      theirs: theirs.firstColdStartMs,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: '`select 1` p50',
      ours: ours.select1,
      theirs: theirs.select1,
      unit: 'ms',
      target: '≤ 1×',
      met: ours.select1 <= theirs.select1,
    },
    {
      metric: '1000-row query p50',
      ours: ours.thousand,
      theirs: theirs.thousand,
      unit: 'ms',
      target: '≤ 0.7×',
      met: ours.thousand <= 0.7 * theirs.thousand,
    },
    {
      metric: '`select 1` p50, warmed server',
      ours: ours.warmSelect1,
      theirs: theirs.warmSelect1,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: '1000-row query p50, warmed server',
      ours: ours.warmThousand,
      theirs: theirs.warmThousand,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: 'server CPU a call, `select 1` (all rounds)',
      ours: ours.select1Cpu,
      theirs: theirs.select1Cpu,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: 'server CPU a call, 1000 rows (all rounds)',
      ours: ours.thousandCpu,
      theirs: theirs.thousandCpu,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: '1000-row result, text the model reads',
      ours: ours.textBytes,
      theirs: theirs.textBytes,
      unit: 'B',
      target: '≤ 0.5×',
      met: ours.textBytes <= 0.5 * theirs.textBytes,
    },
    {
      metric: '1000-row result, whole JSON-RPC response',
      ours: ours.responseBytes,
      theirs: theirs.responseBytes,
      unit: 'B',
      target: 'report',
    },
    { metric: 'RSS after the runs', ours: ours.rss, theirs: theirs.rss, unit: 'MiB', target: 'report' },
    { metric: 'peak RSS', ours: ours.peakRss, theirs: theirs.peakRss, unit: 'MiB', target: 'report' },
    {
      metric: `tools/list (${ours.tools} tools vs ${theirs.tools})`,
      ours: ours.toolsBytes,
      theirs: theirs.toolsBytes,
      unit: 'B',
      target: 'report',
    },
  ];
  return [
    markdownTable(rows, 'infra-mcp database', 'server-postgres 0.6.2'),
    '',
    `Both servers ran over stdio against the same throwaway database on ${host}:${port}, measured in ${rounds} interleaved rounds (p50 per round, median over rounds) from a fresh server's first calls, and again in ${rounds} rounds after 3000 more \`select 1\` and 200 more 1000-row calls (the warmed rows); both returned all ${ours.rows} / ${theirs.rows} rows ` +
      `(ours with INFRA_MCP_MAX_OUTPUT_BYTES raised and max_rows=1000). Ours runs every query through its read-only layers ` +
      '(parse-tree check, catalog check, BEGIN READ ONLY, cursor, ROLLBACK and leftover probe); the reference runs BEGIN READ ONLY, the query and ROLLBACK. ' +
      "The response of ours carries the rows twice (structuredContent and its text form, as MCP's structured output requires); the reference sends pretty-printed JSON text only.",
  ].join('\n');
}
