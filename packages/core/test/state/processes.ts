import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const writerScript = fileURLToPath(new URL('./fixtures/state-writer.ts', import.meta.url));

/** A writer process and the complete lines it printed so far. */
export interface Writer {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves once `count` lines arrived. */
  waitForLines(count: number): Promise<void>;
  /** Resolves with the exit code or signal once the process ended and its output was read to the end. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts writers in their own processes, as stdio servers run, and lets them go at the same moment. */
export async function startWriters(jobs: readonly Record<string, unknown>[]): Promise<Writer[]> {
  const writers = jobs.map(startWriter);
  await Promise.all(writers.map((writer) => writer.waitForLines(1)));
  for (const writer of writers) writer.child.stdin?.end('go\n');
  return writers;
}

/** Starts `state-writer.ts` in its own process; it opens the store, says `ready`, and waits for go on stdin. */
export function startWriter(job: Record<string, unknown>): Writer {
  const child = spawn(
    process.execPath,
    ['--conditions=@infra-mcp/source', '--import', 'tsx', writerScript, JSON.stringify(job)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    // A line cut off by the kill was never acknowledged: only newline-terminated lines count.
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const waiter of waiters.filter((each) => lines.length >= each.count)) waiter.resolve();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = (async () => {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    for (const waiter of waiters) waiter.resolve();
    return { code, signal, stderr };
  })();
  return {
    child,
    lines,
    exited,
    waitForLines: (count) =>
      lines.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

/** The values of lines `<kind> <value>`. */
export function valuesOf(lines: readonly string[], kind: string): string[] {
  return lines.filter((line) => line.startsWith(`${kind} `)).map((line) => line.slice(kind.length + 1));
}
