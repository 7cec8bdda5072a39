// The Kubernetes server against kubernetes-mcp-server (Go, from npm) and
// mcp-server-kubernetes (Flux159, shells out to kubectl), all over stdio
// against one standalone fake API server seeded with 1000 pods.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  connect,
  interleavedColdStartsMs,
  withPrimedCodeCache,
  latency,
  markdownTable,
  rssMiB,
  toolsListBytes,
  type ComparisonRow,
  type ServerCommand,
  type Session,
} from './harness.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const namespace = 'bench-3';
const coldRuns = 9;

interface Fake {
  kubeconfig: string;
  process: ChildProcess;
}

/** Starts the fake API server's CLI (through tsx, no build needed) and waits for its ready line. */
async function startFake(): Promise<Fake> {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'bench-kube-')), 'kubeconfig.json');
  const cli = join(root, 'test/fakes/kube-apiserver/src/cli.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', '0', '--seed', 'pods=1000', '--kubeconfig', kubeconfig],
    {
      cwd: join(root, 'test/fakes/kube-apiserver'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fake API server exited with ${code}`)));
  });
  const ready = JSON.parse(line) as { pods: number };
  if (ready.pods !== 1000) throw new Error(`the fake seeded ${ready.pods} pods`);
  return { kubeconfig, process: child };
}

/** The servers, each with what it calls to list pods in a namespace and to describe one pod. */
interface Contender {
  command: ServerCommand;
  list: (session: Session) => Promise<unknown>;
  describe: (session: Session, pod: string) => Promise<unknown>;
  iterations: number;
}

function contenders(kubeconfig: string): Record<'ours' | 'go' | 'goLauncher' | 'flux', Contender> {
  const env = { KUBECONFIG: kubeconfig };
  const cli = join(root, 'apps/cli/dist/infra-mcp.mjs');
  if (!existsSync(cli)) throw new Error('build the CLI first: pnpm --filter @infra-mcp/cli build');
  const launcher = require.resolve('kubernetes-mcp-server/bin/index.js');
  const goBinary = createRequire(launcher).resolve(
    'kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64',
  );
  const flux = join(dirname(require.resolve('mcp-server-kubernetes/package.json')), 'dist/index.js');
  const call = (session: Session, name: string, args: Record<string, unknown>) =>
    session.client.callTool({ name, arguments: args });
  const goCalls = {
    list: (session: Session) => call(session, 'pods_list_in_namespace', { namespace }),
    // kubernetes-mcp-server has no describe; pods_get (the pod as YAML) is its closest call.
    describe: (session: Session, pod: string) => call(session, 'pods_get', { namespace, name: pod }),
    iterations: 100,
  };
  return {
    ours: {
      command: {
        label: 'infra-mcp kubernetes',
        command: process.execPath,
        args: [cli, 'kubernetes'],
        env: {
          ...env,
          INFRA_MCP_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-data-')),
          // The rate limiter on, but never the limit.
          INFRA_MCP_RATE_LIMITS: 'default=1000000/second',
        },
      },
      list: (session) => call(session, 'list_resources', { kind: 'pods', namespace }),
      describe: (session, pod) => call(session, 'describe', { kind: 'Pod', namespace, name: pod }),
      iterations: 100,
    },
    go: { command: { label: 'kubernetes-mcp-server (Go binary)', command: goBinary, args: [], env }, ...goCalls },
    goLauncher: {
      command: { label: 'kubernetes-mcp-server (npm launcher)', command: process.execPath, args: [launcher], env },
      ...goCalls,
    },
    flux: {
      command: { label: 'mcp-server-kubernetes', command: process.execPath, args: [flux], env },
      list: (session) => call(session, 'kubectl_get', { resourceType: 'pods', namespace, output: 'wide' }),
      describe: (session, pod) => call(session, 'kubectl_describe', { resourceType: 'pod', name: pod, namespace }),
      iterations: 30,
    },
  };
}

interface Figures {
  listP50: number;
  describeP50: number;
  rss: number;
  bytes: number;
  tools: number;
}

async function measure(contender: Contender, pod: string): Promise<Figures> {
  const session = await connect(contender.command);
  try {
    const { bytes, tools } = await toolsListBytes(session.client);
    // A benchmark of error answers would measure nothing: both calls must succeed first.
    for (const result of [await contender.list(session), await contender.describe(session, pod)]) {
      if ((result as { isError?: boolean }).isError === true) {
        throw new Error(`${contender.command.label} answered with an error: ${JSON.stringify(result).slice(0, 300)}`);
      }
    }
    const list = await latency(() => contender.list(session), contender.iterations, 5);
    const describe = await latency(() => contender.describe(session, pod), contender.iterations, 5);
    return { listP50: list.p50, describeP50: describe.p50, rss: rssMiB(session.pid), bytes, tools };
  } finally {
    await session.close();
  }
}

async function firstPod(ours: Contender): Promise<string> {
  const session = await connect(ours.command);
  try {
    const result = await ours.list(session);
    const rows = (result as { structuredContent?: { rows?: { NAME: string }[] } }).structuredContent?.rows ?? [];
    if (rows[0] === undefined)
      throw new Error(`no pods listed in ${namespace}: ${JSON.stringify(result).slice(0, 400)}`);
    return rows[Math.floor(rows.length / 2)]!.NAME;
  } finally {
    await session.close();
  }
}

/** Runs the comparison and returns its Markdown tables. */
export async function run(): Promise<string> {
  const fake = await startFake();
  try {
    const all = contenders(fake.kubeconfig);
    all.ours.command = await withPrimedCodeCache(all.ours.command);
    const pod = await firstPod(all.ours);
    const [oursCold, goCold, launcherCold, fluxCold] = await interleavedColdStartsMs(
      [all.ours.command, all.go.command, all.goLauncher.command, all.flux.command],
      coldRuns,
    );
    const ours = await measure(all.ours, pod);
    const go = await measure(all.go, pod);
    const flux = await measure(all.flux, pod);
    const vsGo: ComparisonRow[] = [
      {
        metric: 'cold start to tools/list (vs npm launcher)',
        ours: oursCold!,
        theirs: launcherCold!,
        unit: 'ms',
        target: '≤ 2×',
        met: oursCold! <= 2 * launcherCold!,
      },
      {
        metric: 'cold start to tools/list (vs bare binary)',
        ours: oursCold!,
        theirs: goCold!,
        unit: 'ms',
        target: '≤ 2×',
        met: oursCold! <= 2 * goCold!,
      },
      {
        metric: `list pods in ${namespace} (100 pods), p50`,
        ours: ours.listP50,
        theirs: go.listP50,
        unit: 'ms',
        target: '≤ 1×',
        met: ours.listP50 <= go.listP50,
      },
      {
        metric: 'describe a pod, p50 (theirs: pods_get)',
        ours: ours.describeP50,
        theirs: go.describeP50,
        unit: 'ms',
        target: '≤ 1×',
        met: ours.describeP50 <= go.describeP50,
      },
      { metric: 'RSS after the runs', ours: ours.rss, theirs: go.rss, unit: 'MiB', target: 'reported', met: true },
      {
        metric: `tools/list bytes, default set (${ours.tools} vs ${go.tools} tools)`,
        ours: ours.bytes,
        theirs: go.bytes,
        unit: 'B',
        target: '≤ 0.7×',
        met: ours.bytes <= 0.7 * go.bytes,
      },
    ];
    const vsFlux: ComparisonRow[] = [
      {
        metric: 'cold start to tools/list',
        ours: oursCold!,
        theirs: fluxCold!,
        unit: 'ms',
        target: '≤ 0.25×',
        met: oursCold! <= 0.25 * fluxCold!,
      },
      {
        metric: `list pods in ${namespace} (100 pods), p50`,
        ours: ours.listP50,
        theirs: flux.listP50,
        unit: 'ms',
        target: 'reported',
        met: true,
      },
      {
        metric: 'describe a pod, p50',
        ours: ours.describeP50,
        theirs: flux.describeP50,
        unit: 'ms',
        target: 'reported',
        met: true,
      },
      {
        metric: 'RSS after the runs (theirs: without kubectl children)',
        ours: ours.rss,
        theirs: flux.rss,
        unit: 'MiB',
        target: 'reported',
        met: true,
      },
      {
        metric: `tools/list bytes, default set (${ours.tools} vs ${flux.tools} tools)`,
        ours: ours.bytes,
        theirs: flux.bytes,
        unit: 'B',
        target: 'reported',
        met: true,
      },
    ];
    return [
      `Fake API server seeded with 1000 pods over 10 namespaces; describe target ${namespace}/${pod}. Cold starts: median of ${coldRuns} interleaved rounds; ours from its code cache, primed by one start.`,
      '',
      markdownTable(vsGo, 'infra-mcp', 'kubernetes-mcp-server 0.0.67'),
      '',
      markdownTable(vsFlux, 'infra-mcp', 'mcp-server-kubernetes 4.1.7'),
    ].join('\n');
  } finally {
    fake.process.kill('SIGTERM');
  }
}
