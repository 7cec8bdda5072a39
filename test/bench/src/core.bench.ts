// What the platform costs per call, and what HTTP serving delivers, in one run:
// (1) in process, a trivial tool behind the whole chain (auth, policy, rate
// limit, audit, metrics, confirmation, validation, output shaping) against the
// same tool on a bare SDK handler; (2) over HTTP from a separate load process,
// the core host against the SDK v1 stateless example server.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, Server } from '@modelcontextprotocol/server';
import {
  buildServer,
  createAuditSink,
  createMemoryBuckets,
  defineTool,
  openStateStore,
  parseRateLimits,
  readOnly,
  silentLogger,
  type InfraServer,
  type Principal,
} from '@infra-mcp/core';
import { createMetrics } from '@infra-mcp/core/metrics';
import { appendApiKeyEntry, createHttpAuth, generateApiKey, hashApiKey, type HttpAuth } from '@infra-mcp/core/http';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { markdownTable, median, percentile, type ComparisonRow } from './harness.js';

const rounds = 7;
const callsPerRound = 2000;
const here = fileURLToPath(new URL('.', import.meta.url));

/** Runs both parts and returns their tables. */
export async function run(): Promise<string> {
  const chain = await measureChain();
  const http = await measureHttp();
  return [chain, '', http].join('\n');
}

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echo',
  annotations: readOnly,
  input: z.object({ x: z.string() }),
  output: z.object({ x: z.string() }),
  handler: async ({ x }) => ({ x }),
});

function bareServer(): Server {
  const server = new Server({ name: 'bare', version: '0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', async () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }));
  server.setRequestHandler('tools/call', async (request) => {
    const x = String(request.params.arguments?.x);
    return { content: [{ type: 'text', text: x }], structuredContent: { x } };
  });
  return server;
}

async function connected(server: Server): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(clientSide);
  return client;
}

async function measureChain(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'infra-mcp-bench-chain-'));
  const state = await openStateStore({ dataDir, log: silentLogger, sweepIntervalMs: 0 });
  const metrics = createMetrics({ transport: 'tcp', processMetrics: false });
  const keysFile = join(dataDir, 'api-keys.json');
  const key = generateApiKey();
  await appendApiKeyEntry(keysFile, { principal: 'bench', sha256: hashApiKey(key), scopes: ['bench:read'] });
  const auth = (await createHttpAuth({ apiKeysFile: keysFile, oauth: undefined }, { log: silentLogger }))!;
  const infra: InfraServer = buildServer(
    { name: 'bench', version: '0', tools: [echo], deps: {} },
    {
      state,
      audit: createAuditSink(state, silentLogger),
      metrics,
      rateLimits: { take: createMemoryBuckets(), rules: parseRateLimits({ default: '1000000/second' }) },
    },
  );
  const principal = await authenticate(auth, key, infra);
  const bare = await connected(bareServer());
  const ours = await connected(infra.createInstance({ principal, era: 'legacy' }));
  const call = (client: Client) => () => client.callTool({ name: 'echo', arguments: { x: 'a' } });
  // Ours authenticates each call as the HTTP host does, then runs it through the chain.
  const callOurs = async () => {
    await authenticate(auth, key, infra);
    await ours.callTool({ name: 'echo', arguments: { x: 'a' } });
  };
  const bareP50: number[] = [];
  const oursP50: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bareP50.push(await p50(call(bare)));
    oursP50.push(await p50(callOurs));
  }
  await bare.close();
  await ours.close();
  metrics.close();
  await state.close();
  rmSync(dataDir, { recursive: true, force: true });
  const bareMedian = median(bareP50) * 1000;
  const oursMedian = median(oursP50) * 1000;
  const rows: ComparisonRow[] = [
    { metric: 'tools/call p50, in process', ours: oursMedian, theirs: bareMedian, unit: 'µs', target: '—' },
    {
      metric: 'added by the chain (ours − bare), p50',
      ours: oursMedian - bareMedian,
      theirs: 0,
      unit: 'µs',
      target: '≤ 50 µs',
      met: oursMedian - bareMedian <= 50,
    },
  ];
  return [
    '### The chain, in process',
    '',
    markdownTable(rows, 'core chain', 'bare SDK handler'),
    '',
    `Same client, same tool, in-memory transport, 2025 handshake; medians of ${rounds} alternating rounds of ${callsPerRound} calls. Ours: API-key authentication, policy, rate limit, audit (embedded SQLite, batched), metrics, confirmation check, input and output validation, output shaping.`,
  ].join('\n');
}

async function authenticate(auth: HttpAuth, key: string, server: InfraServer): Promise<Principal> {
  const request = {
    headers: { authorization: `Bearer ${key}` },
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
  const result = await auth.authenticate({ request, server, body: undefined, publicUrl: 'http://127.0.0.1:7700' });
  if (!('principal' in result)) throw new Error('the bench key was refused');
  return result.principal;
}

async function p50(call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < callsPerRound; i++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

interface Served {
  url: string;
  key?: string;
  process: ChildProcess;
}

function start(command: string, args: string[]): Promise<Served> {
  const child = spawn(command, args, { cwd: join(here, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line !== undefined)
        resolve({ ...(JSON.parse(line) as { url: string; key?: string }), process: child });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

interface Load {
  callsPerSecond: number;
  p50: number;
  p99: number;
}

function load(target: Served, inFlight: number, era: 'legacy' | 'modern'): Promise<Load> {
  const tsx = ['--conditions=@infra-mcp/source', '--import', 'tsx', join(here, 'http', 'load.ts')];
  const child = spawn(process.execPath, [...tsx, target.url, String(inFlight), '5', era, target.key ?? ''], {
    cwd: join(here, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(text) as Load) : reject(new Error(`load generator exited with ${code}`)),
    );
  });
}

async function measureHttp(): Promise<string> {
  const v1 = await start(process.execPath, [join(here, 'http', 'sdk-v1-stateless.mjs'), '0']);
  const ours = await start(process.execPath, [
    '--conditions=@infra-mcp/source',
    '--import',
    'tsx',
    join(here, 'http', 'core-echo.ts'),
    '0',
  ]);
  try {
    const results: Record<string, { one: Load; eight: Load }> = {};
    for (const [label, target, era] of [
      ['v1', v1, 'legacy'],
      ['legacy', ours, 'legacy'],
      ['modern', ours, 'modern'],
    ] as const) {
      results[label] = { one: await load(target, 1, era), eight: await load(target, 8, era) };
    }
    const v1Result = results.v1!;
    const rows = (label: string, mine: { one: Load; eight: Load }): ComparisonRow[] => [
      {
        metric: `${label}: p50, 1 in flight`,
        ours: mine.one.p50,
        theirs: v1Result.one.p50,
        unit: 'ms',
        target: '≤ 1 ms',
        met: mine.one.p50 <= 1,
      },
      { metric: `${label}: p99, 1 in flight`, ours: mine.one.p99, theirs: v1Result.one.p99, unit: 'ms', target: '—' },
      {
        metric: `${label}: p50, 8 in flight`,
        ours: mine.eight.p50,
        theirs: v1Result.eight.p50,
        unit: 'ms',
        target: '—',
      },
      {
        metric: `${label}: calls/s, 8 in flight`,
        ours: mine.eight.callsPerSecond,
        theirs: v1Result.eight.callsPerSecond,
        unit: '',
        target: '≥ 3000',
        met: mine.eight.callsPerSecond >= 3000,
      },
    ];
    return [
      '### HTTP, trivial tool',
      '',
      markdownTable(
        [...rows('2025 handshake era', results.legacy!), ...rows('2026-07-28', results.modern!)],
        'core HTTP host',
        'SDK v1 stateless example',
      ),
      '',
      'Each server in its own process; the load generator in a third (node:http, keep-alive, 5 s per figure). Ours: API-key auth, the whole platform as `infra-mcp serve` runs it (embedded state, batched audit, rate limits, metrics). The SDK v1 example answers 2025-era requests only.',
    ].join('\n');
  } finally {
    v1.process.kill('SIGTERM');
    ours.process.kill('SIGTERM');
  }
}
