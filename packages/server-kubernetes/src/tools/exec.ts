import { ToolError, untrusted, write } from '@infra-mcp/core';
import { Writable } from 'node:stream';
import * as z from 'zod';
import { recordsAt, stringAt, type Json } from '../format/json.js';
import { contextArg, defineKubeTool, namespaceArg } from './shared.js';

const outputCap = 64 * 1024;

/** Runs one command (an argv, no shell) in a container and returns its output and exit code. */
export const execTool = defineKubeTool({
  name: 'exec',
  title: 'Exec',
  description:
    'Run one command (argv array, no shell unless you pass one) in a pod container; returns exit code, stdout and stderr (64 KiB each).',
  annotations: { ...write, openWorldHint: true },
  input: z.object({
    context: contextArg,
    namespace: namespaceArg,
    pod: z.string().min(1),
    container: z.string().optional(),
    command: z.array(z.string()).min(1),
    timeoutSeconds: z.number().int().min(1).max(300).default(30),
  }),
  summarize: (args) => `run ${JSON.stringify(args.command)} in pod ${args.pod}`,
  output: z.object({
    exitCode: z.number(),
    stdout: untrusted(z.string(), 'exec'),
    stderr: untrusted(z.string(), 'exec'),
  }),
  handler: async (args, { kube, signal, history }) => {
    const client = await kube.client(args.context);
    const namespace = args.namespace ?? client.namespace;
    const podPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(args.pod)}`;
    const pod = await client.request<Json>({ path: podPath, signal });
    const container = args.container ?? stringAt(recordsAt(pod, 'spec.containers')[0], 'name');
    const stdout = new CappedBuffer();
    const stderr = new CappedBuffer();
    const { exec } = await client.streams();
    const exitCode = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ToolError('TIMEOUT', `The command ran longer than ${args.timeoutSeconds}s.`)),
        args.timeoutSeconds * 1000,
      );
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      exec
        .exec(namespace, args.pod, container, args.command, stdout.stream, stderr.stream, null, false, (status) => {
          clearTimeout(timer);
          resolve(exitCodeOf(status));
        })
        .then((socket) => {
          socket.on('close', () => {
            clearTimeout(timer);
            resolve(0);
          });
          signal.addEventListener('abort', () => socket.close(), { once: true });
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(
            error instanceof ToolError
              ? error
              : new ToolError(
                  'UPSTREAM_UNAVAILABLE',
                  `exec into ${args.pod} failed: the API server did not open the stream.`,
                  { cause: error },
                ),
          );
        });
    });
    await history.record(
      `exec ${JSON.stringify(args.command)} in ${namespace}/${args.pod} (exit ${exitCode}, context ${client.context})`,
      { context: client.context },
    );
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  },
});

function exitCodeOf(status: {
  status?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((item) => item.reason === 'ExitCode');
  return cause?.message === undefined ? 1 : Number(cause.message);
}

/** Collects a stream up to the output cap, noting how much was cut. */
class CappedBuffer {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #dropped = 0;
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      const room = outputCap - this.#size;
      if (room > 0) this.#chunks.push(chunk.subarray(0, room));
      this.#size += Math.min(room, chunk.length);
      this.#dropped += Math.max(0, chunk.length - Math.max(room, 0));
      done();
    },
  });

  text(): string {
    const text = Buffer.concat(this.#chunks).toString('utf8');
    return this.#dropped > 0 ? `${text}\n[… ${this.#dropped} more bytes cut]` : text;
  }
}
