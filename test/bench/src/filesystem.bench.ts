// The filesystem server against @modelcontextprotocol/server-filesystem, in
// one run, on the same files: cold start, read and listing latency, a search,
// throughput with 1 and 8 calls in flight, memory, and the tools/list size.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  connect,
  cpuMs,
  interleavedColdStartsMs,
  latency,
  median,
  markdownTable,
  rssMiB,
  throughput,
  toolsListBytes,
  withoutCodeCache,
  withPrimedCodeCache,
  type ComparisonRow,
  type ServerCommand,
  type Session,
} from './harness.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const cli = `${repository}apps/cli/dist/infra-mcp.mjs`;
const rounds = 5;
const callsPerRound = 200;
/** How long each throughput round runs, with 1 and with 8 calls in flight. */
const flowMs = { one: 600, eight: 1000 };

/** The calls each server makes for the same operation, under its own tool names. */
interface Calls {
  read4k: [string, Record<string, unknown>];
  list1000: [string, Record<string, unknown>];
  search: [string, Record<string, unknown>];
  read1m: [string, Record<string, unknown>];
}

interface Measured {
  read: { p50: number; p99: number };
  list: { p50: number; p99: number };
  /** The same calls again once the server has served the throughput runs (thousands of calls). */
  warmRead: { p50: number; p99: number };
  warmList: { p50: number; p99: number };
  search: { p50: number; p99: number };
  throughput1: number;
  throughput8: number;
  /** CPU a call (ms) while 8 are in flight: the server's, and the benchmark's SDK client's. */
  serverCpu8: number;
  clientCpu8: number;
  idleRss: number;
  peakRss: number;
  toolsBytes: number;
  tools: number;
}

/** Runs the comparison and returns it as a Markdown table with the setup beneath. */
export async function run(): Promise<string> {
  execFileSync('pnpm', ['--filter', '@infra-mcp/cli', 'build'], { cwd: repository, stdio: 'ignore' });
  const scratch = mkdtempSync(join(tmpdir(), 'infra-mcp-bench-fs-'));
  try {
    const root = seedFiles(join(scratch, 'root'));
    const reference = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/dist/index.js');
    const ours: ServerCommand = await withPrimedCodeCache({
      label: 'infra-mcp filesystem',
      command: process.execPath,
      args: [cli, 'filesystem', root],
      env: {
        INFRA_MCP_DATA_DIR: join(scratch, 'data'),
        INFRA_MCP_LOG_LEVEL: 'error',
        // Every tool listed, and the rate limiter on but never the limit.
        INFRA_MCP_MODE: 'destructive',
        INFRA_MCP_RATE_LIMITS: 'default=1000000/second',
      },
    });
    const theirs: ServerCommand = { label: 'server-filesystem', command: process.execPath, args: [reference, root] };
    const [oursCold, theirsCold, oursFirstCold] = await interleavedColdStartsMs(
      [ours, theirs, withoutCodeCache(ours)],
      11,
    );
    const oursCalls: Calls = {
      read4k: ['read_file', { path: join(root, 'file-4k.txt') }],
      list1000: ['list_directory', { path: join(root, 'thousand') }],
      search: ['search_files', { path: join(root, 'tree'), pattern: '*.log' }],
      read1m: ['read_file', { path: join(root, 'file-1m.txt') }],
    };
    const theirsCalls: Calls = {
      read4k: ['read_text_file', { path: join(root, 'file-4k.txt') }],
      list1000: ['list_directory', { path: join(root, 'thousand') }],
      search: ['search_files', { path: join(root, 'tree'), pattern: '**/*.log' }],
      read1m: ['read_text_file', { path: join(root, 'file-1m.txt') }],
    };
    const [measuredOurs, measuredTheirs] = await measureBoth(ours, oursCalls, theirs, theirsCalls);
    const oursMemory = await memory(ours, oursCalls);
    const theirsMemory = await memory(theirs, theirsCalls);
    return report(
      { ...measuredOurs, ...oursMemory, cold: oursCold!, firstCold: oursFirstCold! },
      { ...measuredTheirs, ...theirsMemory, cold: theirsCold!, firstCold: theirsCold! },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The same files for both: a 4 KiB file, a 1 MiB file, 1000 entries, and a tree to search. */
export function seedFiles(root: string): string {
  mkdirSync(join(root, 'thousand'), { recursive: true });
  const line = 'The quick brown fox jumps over the lazy dog; 0123456789 abcdefghij.\n';
  writeFileSync(join(root, 'file-4k.txt'), line.repeat(Math.ceil(4096 / line.length)).slice(0, 4096));
  writeFileSync(join(root, 'file-1m.txt'), line.repeat(Math.ceil((1024 * 1024) / line.length)).slice(0, 1024 * 1024));
  for (let i = 0; i < 1000; i++)
    writeFileSync(join(root, 'thousand', `entry-${String(i).padStart(4, '0')}.txt`), `${i}\n`);
  for (let dir = 0; dir < 20; dir++) {
    const path = join(root, 'tree', `dir-${dir}`, 'nested');
    mkdirSync(path, { recursive: true });
    for (let file = 0; file < 50; file++)
      writeFileSync(join(path, `file-${file}.${file % 10 === 0 ? 'log' : 'txt'}`), 'x\n');
  }
  return root;
}

async function measureBoth(
  ours: ServerCommand,
  oursCalls: Calls,
  theirs: ServerCommand,
  theirsCalls: Calls,
): Promise<readonly [Omit<Measured, 'idleRss' | 'peakRss'>, Omit<Measured, 'idleRss' | 'peakRss'>]> {
  const a = await connect(ours);
  const b = await connect(theirs);
  try {
    // Alternating rounds, so that the machine's load falls on both alike.
    const samples = { ours: newSamples(), theirs: newSamples() };
    for (let round = 0; round < rounds; round++) {
      await sample(a, oursCalls, samples.ours);
      await sample(b, theirsCalls, samples.theirs);
    }
    // Throughput in alternating rounds too, each figure the median of its rounds.
    const flow = { ours: newFlow(), theirs: newFlow() };
    for (let round = 0; round < rounds; round++) {
      await flowRound(a, oursCalls, flow.ours);
      await flowRound(b, theirsCalls, flow.theirs);
    }
    const finished = [await finish(a, samples.ours, flow.ours), await finish(b, samples.theirs, flow.theirs)] as const;
    // A server young enough to still be compiling its code pays for that on every call above; these rounds do not.
    const warm = { ours: newSamples(), theirs: newSamples() };
    for (let round = 0; round < rounds; round++) {
      await sample(a, oursCalls, warm.ours, false);
      await sample(b, theirsCalls, warm.theirs, false);
    }
    return [
      { ...finished[0], warmRead: medianOf(warm.ours.read), warmList: medianOf(warm.ours.list) },
      { ...finished[1], warmRead: medianOf(warm.theirs.read), warmList: medianOf(warm.theirs.list) },
    ] as const;
  } finally {
    await a.close();
    await b.close();
  }
}

interface Samples {
  read: { p50: number; p99: number }[];
  list: { p50: number; p99: number }[];
  search: { p50: number; p99: number }[];
}

function newSamples(): Samples {
  return { read: [], list: [], search: [] };
}

async function sample(session: Session, calls: Calls, into: Samples, withSearch = true): Promise<void> {
  const call =
    ([name, args]: [string, Record<string, unknown>]) =>
    async () => {
      const result = await session.client.callTool({ name, arguments: args });
      if (result.isError === true)
        throw new Error(`${name} failed during the benchmark: ${JSON.stringify(result.content)}`);
    };
  into.read.push(await latency(call(calls.read4k), callsPerRound, 20));
  into.list.push(await latency(call(calls.list1000), callsPerRound / 4, 5));
  if (withSearch) into.search.push(await latency(call(calls.search), callsPerRound / 4, 5));
}

/** Throughput samples of one server: calls/s per round, and CPU over its 8-in-flight runs. */
interface Flow {
  one: number[];
  eight: number[];
  calls8: number;
  serverMs8: number;
  clientMs8: number;
}

function newFlow(): Flow {
  return { one: [], eight: [], calls8: 0, serverMs8: 0, clientMs8: 0 };
}

/** One round of reads as fast as they come back, with 1 and then 8 in flight. */
async function flowRound(session: Session, calls: Calls, into: Flow): Promise<void> {
  const [name, args] = calls.read4k;
  const read = async () => {
    const result = await session.client.callTool({ name, arguments: args });
    // A refused call (a rate limit, say) would make the figure meaningless.
    if (result.isError === true)
      throw new Error(`${name} failed during the benchmark: ${JSON.stringify(result.content)}`);
  };
  into.one.push(await throughput(read, 1, flowMs.one));
  // Both processes' CPU over the 8-in-flight run: on two cores, the client and the server share them.
  let done = 0;
  const serverBefore = cpuMs(session.pid);
  const clientBefore = process.cpuUsage();
  into.eight.push(
    await throughput(
      async () => {
        await read();
        done++;
      },
      8,
      flowMs.eight,
    ),
  );
  const client = process.cpuUsage(clientBefore);
  into.serverMs8 += cpuMs(session.pid) - serverBefore;
  into.clientMs8 += (client.user + client.system) / 1000;
  into.calls8 += done;
}

async function finish(
  session: Session,
  samples: Samples,
  flow: Flow,
): Promise<Omit<Measured, 'idleRss' | 'peakRss' | 'warmRead' | 'warmList'>> {
  const listed = await toolsListBytes(session.client);
  return {
    read: medianOf(samples.read),
    list: medianOf(samples.list),
    search: medianOf(samples.search),
    throughput1: median(flow.one),
    throughput8: median(flow.eight),
    serverCpu8: flow.serverMs8 / flow.calls8,
    clientCpu8: flow.clientMs8 / flow.calls8,
    toolsBytes: listed.bytes,
    tools: listed.tools,
  };
}

/** Idle RSS of a fresh server after tools/list, and its peak after reading a 1 MiB file five times. */
async function memory(server: ServerCommand, calls: Calls): Promise<Pick<Measured, 'idleRss' | 'peakRss'>> {
  const session = await connect(server);
  try {
    await session.client.listTools();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idleRss = rssMiB(session.pid);
    const [name, args] = calls.read1m;
    for (let i = 0; i < 5; i++) await session.client.callTool({ name, arguments: args });
    return { idleRss, peakRss: rssMiB(session.pid, true) };
  } finally {
    await session.close();
  }
}

function medianOf(rounds: readonly { p50: number; p99: number }[]): { p50: number; p99: number } {
  const sorted = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return { p50: sorted(rounds.map((r) => r.p50)), p99: sorted(rounds.map((r) => r.p99)) };
}

type Starts = { cold: number; firstCold: number };

function report(ours: Measured & Starts, theirs: Measured & Starts): string {
  const rows: ComparisonRow[] = [
    {
      metric: 'cold start to tools/list (median of 11)',
      ours: ours.cold,
      theirs: theirs.cold,
      unit: 'ms',
      target: '≤ 0.6×',
      met: ours.cold <= 0.6 * theirs.cold,
    },
    {
      metric: 'cold start, first after an install (no code cache)',
      ours: ours.firstCold,
      theirs: theirs.firstCold,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: 'read a 4 KiB file, p50',
      ours: ours.read.p50,
      theirs: theirs.read.p50,
      unit: 'ms',
      target: '≤ 1×',
      met: ours.read.p50 <= theirs.read.p50,
    },
    { metric: 'read a 4 KiB file, p99', ours: ours.read.p99, theirs: theirs.read.p99, unit: 'ms', target: '—' },
    {
      metric: 'list 1000 entries, p50',
      ours: ours.list.p50,
      theirs: theirs.list.p50,
      unit: 'ms',
      target: '≤ 1×',
      met: ours.list.p50 <= theirs.list.p50,
    },
    { metric: 'list 1000 entries, p99', ours: ours.list.p99, theirs: theirs.list.p99, unit: 'ms', target: '—' },
    {
      metric: 'read a 4 KiB file, p50, warmed server',
      ours: ours.warmRead.p50,
      theirs: theirs.warmRead.p50,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: 'list 1000 entries, p50, warmed server',
      ours: ours.warmList.p50,
      theirs: theirs.warmList.p50,
      unit: 'ms',
      target: 'report',
    },
    {
      metric: 'search 1000 files for *.log, p50',
      ours: ours.search.p50,
      theirs: theirs.search.p50,
      unit: 'ms',
      target: '≤ 1×',
      met: ours.search.p50 <= theirs.search.p50,
    },
    {
      metric: 'throughput, 1 call in flight',
      ours: ours.throughput1,
      theirs: theirs.throughput1,
      unit: 'calls/s',
      target: '—',
    },
    {
      metric: 'throughput, 8 calls in flight',
      ours: ours.throughput8,
      theirs: theirs.throughput8,
      unit: 'calls/s',
      target: '≥ 1.5×',
      met: ours.throughput8 >= 1.5 * theirs.throughput8,
    },
    {
      metric: 'server CPU a call, 8 in flight',
      ours: ours.serverCpu8 * 1000,
      theirs: theirs.serverCpu8 * 1000,
      unit: 'µs',
      target: 'report',
    },
    {
      metric: "the benchmark's SDK client CPU a call, 8 in flight",
      ours: ours.clientCpu8 * 1000,
      theirs: theirs.clientCpu8 * 1000,
      unit: 'µs',
      target: 'report',
    },
    {
      metric: 'idle RSS',
      ours: ours.idleRss,
      theirs: theirs.idleRss,
      unit: 'MiB',
      target: '≤ 70 MiB',
      met: ours.idleRss <= 70,
    },
    {
      metric: 'peak RSS of a fresh server reading a 1 MiB file 5×',
      ours: ours.peakRss,
      theirs: theirs.peakRss,
      unit: 'MiB',
      target: '≤ 150 MiB',
      met: ours.peakRss <= 150,
    },
    {
      metric: `tools/list (ours ${ours.tools} tools, theirs ${theirs.tools})`,
      ours: ours.toolsBytes,
      theirs: theirs.toolsBytes,
      unit: 'B',
      target: '≤ 1×',
      met: ours.toolsBytes <= theirs.toolsBytes,
    },
  ];
  return [
    markdownTable(rows, 'infra-mcp filesystem', 'server-filesystem 2026.8.31'),
    '',
    `Both over stdio with the 2025 handshake, on the same files; latencies are medians of ${rounds} alternating rounds, ` +
      `taken from a fresh server's first ${rounds * (callsPerRound * 1.5 + 30)} calls; throughput is the median of ${rounds} alternating rounds ` +
      `of 4 KiB reads (${flowMs.one} ms with 1 call in flight, then ${flowMs.eight} ms with 8); the warmed rows repeat the read and list rounds after the throughput runs.`,
    'Ours runs in destructive mode (every tool listed) with audit, metrics-free stdio defaults, rate limiting on (never binding) and the embedded state store; its tools/list includes the notes and history tools core adds.',
    'Ours starts from the compiled code its first start keeps (a code cache, primed by one start before the runs; apps/cli/src/code-cache.ts), as every start after the first does for a user; the "first after an install" row is the same start with the cache off. The reference has no such cache on this Node.',
  ].join('\n');
}
