#!/usr/bin/env node
// Standalone fake API server for benchmarks and manual use:
//   node dist/cli.js --port 6443 --seed pods=1000 --kubeconfig /tmp/fake.kubeconfig
import { copyFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startFakeKubeApiServer } from './start.js';

const usage = `usage: fake-kube-apiserver [--port 6443] [--host 127.0.0.1] [--http] [--nodes 3]
  [--seed pods=1000] [--seed-namespaces 10] [--pod-start-delay-ms 500]
  [--token TOKEN] [--kubeconfig PATH]`;

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(6443),
  host: z.string().default('127.0.0.1'),
  http: z.boolean().default(false),
  nodes: z.coerce.number().int().min(0).default(3),
  seed: z.array(z.string().regex(/^pods=\d+$/, 'expected --seed pods=N')).default([]),
  'seed-namespaces': z.coerce.number().int().min(1).default(10),
  'pod-start-delay-ms': z.coerce.number().int().min(0).default(500),
  token: z.string().min(1).optional(),
  kubeconfig: z.string().optional(),
});

async function main(): Promise<void> {
  // `pnpm run serve -- --port 1` passes the separator through; it is not an argument.
  const argv = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      http: { type: 'boolean' },
      nodes: { type: 'string' },
      seed: { type: 'string', multiple: true },
      'seed-namespaces': { type: 'string' },
      'pod-start-delay-ms': { type: 'string' },
      token: { type: 'string' },
      kubeconfig: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(
      `${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n')}\n${usage}\n`,
    );
    process.exit(2);
  }
  const args = parsed.data;
  const server = await startFakeKubeApiServer({
    port: args.port,
    host: args.host,
    tls: !args.http,
    nodes: args.nodes,
    podStartDelayMs: args['pod-start-delay-ms'],
    ...(args.token === undefined ? {} : { users: [{ name: 'admin', token: args.token, groups: ['system:masters'] }] }),
  });
  const pods = args.seed.reduce((total, entry) => total + Number(entry.split('=')[1]), 0);
  if (pods > 0) {
    server.seedPods({
      count: pods,
      namespaces: Array.from({ length: args['seed-namespaces'] }, (_, i) => `bench-${i}`),
    });
    await server.idle();
  }
  const kubeconfig = args.kubeconfig ?? server.kubeconfigPath;
  if (args.kubeconfig !== undefined) copyFileSync(server.kubeconfigPath, args.kubeconfig);
  process.stdout.write(`${JSON.stringify({ url: server.url, kubeconfig, token: server.token, pods })}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
