import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server under test: the command that starts it over stdio. */
export interface ServerCommand {
  label: string;
  command: string;
  args: readonly string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** A connected stdio client and the server process behind it. */
export interface Session {
  client: Client;
  pid: number;
  close(): Promise<void>;
}

/** Spawns `server` and connects a client with the 2025 `initialize` handshake (what desktop clients speak today). */
export async function connect(server: ServerCommand): Promise<Session> {
  const transport = new StdioClientTransport({
    command: server.command,
    args: [...server.args],
    env: { ...(process.env as Record<string, string>), ...server.env },
    ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'infra-mcp-bench', version: '0.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error(`${server.label} did not start`);
  return { client, pid, close: () => client.close() };
}

/**
 * CPU time the process has used so far (user and system, every thread), in
 * milliseconds, from `/proc` (Linux; NaN elsewhere). It moves in 10 ms ticks,
 * so take the difference over many calls.
 */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * infra-mcp's stdio servers start from compiled code they keep in a cache
 * directory (apps/cli/src/code-cache.ts), written when a start finds none. A
 * benchmark gives ours a cache directory of its own, fills it with one start,
 * and measures a first start after an install separately (`withoutCodeCache`).
 */
export async function withPrimedCodeCache(server: ServerCommand): Promise<ServerCommand> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'infra-mcp-bench-code-'));
  const cached = { ...server, env: { ...server.env, INFRA_MCP_CACHE_DIR: cacheDir } };
  await coldStartMs(cached, 1);
  // The cache is written as the server exits, which the client's close does not wait for.
  const code = join(cacheDir, 'code');
  for (let waited = 0; !(existsSync(code) && readdirSync(code).some((name) => name.endsWith('.v8'))); waited += 20) {
    if (waited > 10_000) throw new Error(`${server.label} wrote no code cache in ${cacheDir}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return cached;
}

/** `server` with its code cache off: what the first start after an install costs. */
export function withoutCodeCache(server: ServerCommand): ServerCommand {
  return {
    ...server,
    label: `${server.label} (no code cache)`,
    env: { ...server.env, NODE_DISABLE_COMPILE_CACHE: '1' },
  };
}

/** Median milliseconds from spawn to a `tools/list` answer, over `runs` cold starts. */
export async function coldStartMs(server: ServerCommand, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const session = await connect(server);
    await session.client.listTools();
    samples.push(performance.now() - started);
    await session.close();
  }
  return median(samples);
}

/**
 * Median cold starts of several servers, measured in interleaved rounds so a
 * busy moment on a shared machine lands on every server alike.
 */
export async function interleavedColdStartsMs(servers: readonly ServerCommand[], runs: number): Promise<number[]> {
  const samples = servers.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    for (const [index, server] of servers.entries()) samples[index]!.push(await coldStartMs(server, 1));
  }
  return samples.map(median);
}

/** Latency percentiles of `call`, after `warmup` untimed calls. */
export async function latency(
  call: () => Promise<unknown>,
  iterations: number,
  warmup = 50,
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmup; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Completed calls per second with `inFlight` calls always outstanding, over `durationMs`. */
export async function throughput(call: () => Promise<unknown>, inFlight: number, durationMs: number): Promise<number> {
  const deadline = performance.now() + durationMs;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        await call();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Resident set size of a process, in MiB (`peak` reads the high-water mark). */
export function rssMiB(pid: number, peak = false): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${peak ? 'VmHWM' : 'VmRSS'}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match === null) throw new Error(`no RSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Bytes of the `tools/list` result as sent on the wire. */
export async function toolsListBytes(client: Client): Promise<{ bytes: number; tools: number }> {
  const result = await client.listTools();
  return { bytes: Buffer.byteLength(JSON.stringify(result)), tools: result.tools.length };
}

/** The median of `samples`. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** The `p`th percentile (nearest rank) of `samples`. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** One row of a comparison: a metric, our figure, theirs, the ratio and the target. */
export interface ComparisonRow {
  metric: string;
  ours: number;
  theirs: number;
  unit: string;
  /** e.g. `≤ 0.6×` or `≤ 70 MiB`; shown as-is. */
  target: string;
  /** Whether the target is met; `undefined` for a figure reported without a target. */
  met?: boolean;
}

/** A Markdown table of comparison rows. */
export function markdownTable(rows: readonly ComparisonRow[], oursLabel: string, theirsLabel: string): string {
  const format = (value: number): string =>
    Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  const lines = [
    `| metric | ${oursLabel} | ${theirsLabel} | ratio | target | met |`,
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.metric} | ${format(row.ours)} ${row.unit} | ${format(row.theirs)} ${row.unit} | ${row.theirs === 0 ? '—' : `${(row.ours / row.theirs).toFixed(2)}×`} | ${row.target} | ${row.met === undefined ? '—' : row.met ? 'yes' : 'NO'} |`,
    ),
  ];
  return lines.join('\n');
}
