import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemCaller } from './api/caller.js';
import { type User, userSchema } from './auth/users.js';
import { type ClusterRuntime, createClusterRuntime } from './cluster-runtime.js';
import { createRequestListener } from './http/handler.js';
import { buildKubeconfig } from './kubeconfig.js';
import { type LogLine } from './logs/pod-logs.js';
import { type Usage } from './metrics/metrics-source.js';
import { type FakeKubeApiServerOptions, type ResolvedOptions, fakeOptionsSchema } from './options.js';
import { type SeedPodsOptions, benchmarkPods, kubernetesService, nodeObject, systemNamespaces } from './seed.js';
import { type ServingCertificate, servingCertificate } from './tls.js';
import { type JsonObject, asArray, asObject, asString, getIn } from './util/object.js';
import { ObjectHelpers } from './object-helpers.js';

/** A running fake API server and the handles tests use to arrange and inspect it. */
export interface FakeKubeApiServer {
  /** Base URL, e.g. https://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The bearer token of the first (admin) user. */
  token: string;
  /** PEM of the self-signed serving certificate (undefined over plain HTTP). */
  caCertificate: string | undefined;
  /** A kubeconfig object with one context per user; current context is the first user. */
  kubeconfig: JsonObject;
  /** Path of that kubeconfig written to a temporary file (removed on close). */
  kubeconfigPath: string;
  /** Writes a kubeconfig whose current context is `user`, and returns its path. */
  kubeconfigFor(user: string): string;
  /** Create, read, list and delete objects as the system (status included), bypassing RBAC. */
  objects: ObjectHelpers;
  /** Creates `count` Running pods across namespaces (created as needed): the benchmark data set. */
  seedPods(options: Omit<SeedPodsOptions, 'nodes'>): void;
  /** Replaces the log of a container; strings get one-second-apart timestamps ending now. */
  setPodLogs(
    target: { namespace: string; pod: string; container: string; previous?: boolean },
    lines: (string | LogLine)[],
  ): void;
  /** Appends lines to a container's log; followers (`logs -f`) receive them. */
  appendPodLogs(target: { namespace: string; pod: string; container: string }, lines: (string | LogLine)[]): void;
  /** Sets metrics.k8s.io usage of a pod's containers. */
  setPodMetrics(namespace: string, pod: string, containers: Record<string, Usage>): void;
  /** Sets metrics.k8s.io usage of a node. */
  setNodeMetrics(node: string, usage: Usage): void;
  /** Resolves when controllers have nothing queued or scheduled. */
  idle(): Promise<void>;
  /** Errors controllers hit (a test can assert there were none). */
  controllerErrors(): unknown[];
  close(): Promise<void>;
}

function toLines(lines: (string | LogLine)[], now: Date): LogLine[] {
  return lines.map((line, index) =>
    typeof line === 'string' ? { time: new Date(now.getTime() - (lines.length - 1 - index) * 1000), text: line } : line,
  );
}

function bootstrap(runtime: ClusterRuntime, nodeNames: string[], version: string): void {
  const objects = new ObjectHelpers(runtime.cluster);
  for (const name of systemNamespaces) objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  nodeNames.forEach((name, index) => objects.create(nodeObject(name, index, version)));
  objects.create(kubernetesService);
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** A running HTTP(S) server and the function that ends its long-lived streams. */
interface Listening {
  server: Server;
  url: string;
  port: number;
  endStreams(): void;
}

async function serve(
  runtime: ClusterRuntime,
  options: ResolvedOptions,
  users: User[],
  certificate: ServingCertificate | undefined,
): Promise<Listening> {
  const streams = new Set<() => void>();
  const [major = '1', minor = '32'] = options.serverVersion.slice(1).split('.');
  const listener = createRequestListener({
    ...runtime,
    users: new Map(users.map((user) => [user.token, user])),
    anonymous: options.allowAnonymous
      ? userSchema.parse({ name: 'system:anonymous', token: '-', groups: ['system:unauthenticated'], rules: [] })
      : undefined,
    serverVersion: { major, minor, gitVersion: options.serverVersion },
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    track: (end) => {
      streams.add(end);
      return () => streams.delete(end);
    },
  });
  const server = certificate
    ? createHttpsServer({ cert: certificate.cert, key: certificate.key }, listener)
    : createHttpServer(listener);
  const port = await listen(server, options.host, options.port);
  const url = `${certificate ? 'https' : 'http'}://${options.host}:${port}`;
  return { server, url, port, endStreams: () => [...streams].forEach((end) => end()) };
}

function kubeconfigWriter(url: string, certificate: ServingCertificate | undefined, users: User[], namespace: string) {
  const directory = mkdtempSync(join(tmpdir(), 'fake-kube-'));
  const write = (current: string) => {
    const config = buildKubeconfig({ url, caCertificate: certificate?.cert, users, current, namespace });
    const path = join(directory, `kubeconfig-${current.replace(/[^a-z0-9-]/gi, '_')}.json`);
    writeFileSync(path, JSON.stringify(config, null, 2));
    return { config, path };
  };
  return { write, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** The events a pod's start leaves behind, so describing a seeded pod costs what it costs on a real cluster. */
function recordStartEvents(runtime: ClusterRuntime, pod: JsonObject): void {
  const node = asString(getIn(pod, ['spec', 'nodeName']));
  const name = `${asString(getIn(pod, ['metadata', 'namespace']))}/${asString(getIn(pod, ['metadata', 'name']))}`;
  runtime.cluster.recordEvent(pod, {
    reason: 'Scheduled',
    message: `Successfully assigned ${name} to ${node}`,
    component: 'default-scheduler',
  });
  for (const container of asArray(getIn(pod, ['spec', 'containers'])).map(asObject)) {
    const image = asString(container.image);
    const base = { component: 'kubelet', host: node, fieldPath: `spec.containers{${asString(container.name)}}` };
    runtime.cluster.recordEvent(pod, { ...base, reason: 'Pulling', message: `Pulling image "${image}"` });
    runtime.cluster.recordEvent(pod, {
      ...base,
      reason: 'Pulled',
      message: `Successfully pulled image "${image}" in 812ms (812ms including waiting). Image size: 48234456 bytes.`,
    });
    runtime.cluster.recordEvent(pod, {
      ...base,
      reason: 'Created',
      message: `Created container: ${asString(container.name)}`,
    });
    runtime.cluster.recordEvent(pod, {
      ...base,
      reason: 'Started',
      message: `Started container ${asString(container.name)}`,
    });
  }
}

function seeder(runtime: ClusterRuntime, objects: ObjectHelpers, nodeNames: string[]) {
  return (seed: Omit<SeedPodsOptions, 'nodes'>) => {
    for (const pod of benchmarkPods({ ...seed, nodes: nodeNames }, runtime.clock.now())) {
      const namespace = asString(getIn(pod, ['metadata', 'namespace']));
      if (runtime.store.get('/namespaces', '', namespace) === undefined) {
        objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      }
      const created = runtime.service.create(runtime.cluster.type('', 'Pod'), namespace, pod, systemCaller('seed'));
      if (seed.events !== false) recordStartEvents(runtime, created);
    }
  };
}

/** Starts the fake API server: in-process, on a random loopback port unless told otherwise. */
export async function startFakeKubeApiServer(input: FakeKubeApiServerOptions = {}): Promise<FakeKubeApiServer> {
  const options = fakeOptionsSchema.parse(input);
  const certificate = options.tls ? servingCertificate() : undefined;
  const users: User[] = options.users ?? [
    userSchema.parse({ name: 'admin', token: `fake-admin-${crypto.randomUUID()}`, groups: ['system:masters'] }),
  ];
  const runtime = await createClusterRuntime(options, certificate?.cert ?? '');
  const nodeNames = Array.from({ length: options.nodes }, (_, i) =>
    i === 0 ? 'fake-control-plane' : `fake-worker-${i}`,
  );
  bootstrap(runtime, nodeNames, options.serverVersion);
  await runtime.manager.idle();
  const listening = await serve(runtime, options, users, certificate);
  const kubeconfigs = kubeconfigWriter(listening.url, certificate, users, options.namespace);
  const first = kubeconfigs.write(users[0]?.name ?? 'admin');
  const objects = new ObjectHelpers(runtime.cluster);
  const now = () => runtime.clock.now();
  return {
    url: listening.url,
    port: listening.port,
    token: users[0]?.token ?? '',
    caCertificate: certificate?.cert,
    kubeconfig: first.config,
    kubeconfigPath: first.path,
    kubeconfigFor: (user) => kubeconfigs.write(user).path,
    objects,
    seedPods: seeder(runtime, objects, nodeNames),
    setPodLogs: (target, lines) => runtime.logs.set(target, toLines(lines, now())),
    appendPodLogs: (target, lines) => runtime.logs.append(target, toLines(lines, now())),
    setPodMetrics: (namespace, pod, containers) => runtime.metrics.setPod(namespace, pod, containers),
    setNodeMetrics: (node, usage) => runtime.metrics.setNode(node, usage),
    idle: () => runtime.manager.idle(),
    controllerErrors: () => [...runtime.errors],
    close: async () => {
      runtime.manager.stop();
      listening.endStreams();
      await new Promise<void>((resolve) => {
        listening.server.close(() => resolve());
        listening.server.closeAllConnections();
      });
      kubeconfigs.remove();
    },
  };
}
