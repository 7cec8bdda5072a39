// Instructions per call, counted by callgrind: numbers that do not move with the
// load on a shared machine. Each server runs under `valgrind --tool=callgrind`
// over stdio; the driver makes W calls, zeroes the counters, makes N calls one
// at a time and dumps them; the figure is the dump's total divided by N (every
// thread of the server, user space only). Ours and the reference run side by
// side, one call kind at a time.
//
//   pnpm --filter @infra-mcp/bench instructions db-rows1000 --warm 50 --calls 50
//   pnpm --filter @infra-mcp/bench instructions fs-read --cli /path/to/other/build/infra-mcp.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBenchDatabase, thousandRows } from './database.bench.js';
import { seedFiles } from './filesystem.bench.js';
import { connect, type ServerCommand } from './harness.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const resolve = createRequire(import.meta.url).resolve;

interface CallKind {
  server: 'filesystem' | 'database';
  ours: (place: string) => { name: string; arguments: Record<string, unknown> };
  theirs: (place: string) => { name: string; arguments: Record<string, unknown> };
  warm: number;
  calls: number;
}

const kinds: Record<string, CallKind> = {
  'fs-read': {
    server: 'filesystem',
    ours: (root) => ({ name: 'read_file', arguments: { path: join(root, 'file-4k.txt') } }),
    theirs: (root) => ({ name: 'read_text_file', arguments: { path: join(root, 'file-4k.txt') } }),
    warm: 20,
    calls: 100,
  },
  'fs-list': {
    server: 'filesystem',
    ours: (root) => ({ name: 'list_directory', arguments: { path: join(root, 'thousand') } }),
    theirs: (root) => ({ name: 'list_directory', arguments: { path: join(root, 'thousand') } }),
    warm: 100,
    calls: 100,
  },
  'db-select1': {
    server: 'database',
    ours: () => ({ name: 'query', arguments: { sql: 'select 1' } }),
    theirs: () => ({ name: 'query', arguments: { sql: 'select 1' } }),
    warm: 20,
    calls: 100,
  },
  'db-rows1000': {
    server: 'database',
    ours: () => ({ name: 'query', arguments: { sql: thousandRows, max_rows: 1000 } }),
    theirs: () => ({ name: 'query', arguments: { sql: thousandRows } }),
    warm: 50,
    calls: 50,
  },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { warm: { type: 'string' }, calls: { type: 'string' }, cli: { type: 'string' } },
});
const kind = kinds[positionals[0] ?? ''];
if (kind === undefined) {
  process.stderr.write(`instructions: name a call: ${Object.keys(kinds).join(', ')}\n`);
  process.exit(2);
}
const warm = Number(values.warm ?? kind.warm);
const calls = Number(values.calls ?? kind.calls);
const cli = values.cli ?? `${repository}apps/cli/dist/infra-mcp.mjs`;

const scratch = mkdtempSync(join(tmpdir(), 'infra-mcp-instructions-'));
const database = kind.server === 'database' ? await createBenchDatabase() : undefined;
try {
  const place = database?.url ?? seedFiles(join(scratch, 'root'));
  const reference =
    kind.server === 'database'
      ? resolve('@modelcontextprotocol/server-postgres/dist/index.js')
      : resolve('@modelcontextprotocol/server-filesystem/dist/index.js');
  const [ours, theirs] = await Promise.all([
    count({ label: 'ours', command: process.execPath, args: [cli, kind.server, place] }, kind.ours(place)),
    count({ label: 'reference', command: process.execPath, args: [reference, place] }, kind.theirs(place)),
  ]);
  process.stdout.write(
    `| call | W, N | ours | reference | ratio |\n| --- | --- | ---: | ---: | ---: |\n` +
      `| ${positionals[0]} | ${warm}, ${calls} | ${millions(ours)} | ${millions(theirs)} | ${(ours / theirs).toFixed(2)}× |\n`,
  );
} finally {
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
}

/** Instructions per call of `call` on `server`, counted after `warm` calls. */
async function count(server: ServerCommand, call: { name: string; arguments: Record<string, unknown> }) {
  const out = mkdtempSync(join(scratch, 'callgrind-'));
  const session = await connect({
    label: server.label,
    command: 'valgrind',
    args: ['--tool=callgrind', `--callgrind-out-file=${out}/callgrind.%p`, server.command, ...server.args],
    env: {
      INFRA_MCP_DATA_DIR: mkdtempSync(join(scratch, 'data-')),
      INFRA_MCP_LOG_LEVEL: 'error',
      // Both return all 1000 rows; the rate limiter on, but never the limit.
      INFRA_MCP_MAX_OUTPUT_BYTES: String(16 * 1024 * 1024),
      INFRA_MCP_RATE_LIMITS: 'default=1000000/second',
    },
  });
  try {
    for (let index = 0; index < warm; index++) await session.client.callTool(call);
    execFileSync('callgrind_control', ['--zero', String(session.pid)], { stdio: 'ignore' });
    for (let index = 0; index < calls; index++) await session.client.callTool(call);
    execFileSync('callgrind_control', ['--dump', String(session.pid)], { stdio: 'ignore' });
  } finally {
    await session.close();
  }
  // The dump after the zero is the file with a part number; its totals line is the count.
  const dump = readdirSync(out).find((file) => /\.\d+\.\d+$/.test(file));
  const totals = dump === undefined ? null : /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(out, dump), 'utf8'));
  if (totals === null) throw new Error(`${server.label}: callgrind wrote no dump in ${out}`);
  return Number(totals[1]) / calls;
}

function millions(instructions: number): string {
  return `${(instructions / 1e6).toFixed(2)} M`;
}
