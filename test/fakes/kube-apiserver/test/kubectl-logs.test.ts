import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { type Kubectl, eventually, kubectlFor } from './support/kubectl.js';

let server: FakeKubeApiServer;
let kubectl: Kubectl;

const twoContainers = `apiVersion: v1
kind: Pod
metadata: {name: worker, namespace: default, labels: {app: worker}}
spec:
  containers:
  - {name: app, image: "worker:1"}
  - {name: proxy, image: "envoy:1.30"}
`;

beforeAll(async () => {
  server = await startFakeKubeApiServer();
  kubectl = kubectlFor(server);
  await kubectl.ok(['apply', '-f', '-'], { stdin: twoContainers });
  await kubectl.ok(['wait', '--for=condition=Ready', 'pod/worker', '--timeout=30s']);
  const now = Date.now();
  server.setPodLogs({ namespace: 'default', pod: 'worker', container: 'app' }, [
    { time: new Date(now - 3_600_000), text: 'booting' },
    { time: new Date(now - 120_000), text: 'connected to db' },
    { time: new Date(now - 5_000), text: 'GET /healthz 200' },
    { time: new Date(now - 1_000), text: 'GET /orders 500' },
  ]);
  server.setPodLogs({ namespace: 'default', pod: 'worker', container: 'app', previous: true }, [
    'panic: nil map',
    'exit 2',
  ]);
});

afterAll(async () => {
  // Every suite doubles as a check that the controllers never failed behind the scenes.
  expect(server.controllerErrors()).toEqual([]);
  kubectl.dispose();
  await server.close();
});

describe('kubectl logs against the fake', () => {
  it('asks for a container name when the pod has several, like the real kubelet proxy', async () => {
    const defaulted = await kubectl.run(['logs', 'worker', '--tail=1']);
    expect(defaulted.stderr).toContain('Defaulted container "app" out of: app, proxy');
    expect(defaulted.stdout).toBe('GET /orders 500\n');
    const direct = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/worker/log']);
    expect(direct.stderr).toContain('a container name must be specified for pod worker, choose one of: [app proxy]');
  });

  it('returns the whole log, the tail, a time window and timestamps', async () => {
    expect(await kubectl.ok(['logs', 'worker', '-c', 'app'])).toBe(
      'booting\nconnected to db\nGET /healthz 200\nGET /orders 500\n',
    );
    expect(await kubectl.ok(['logs', 'worker', '-c', 'app', '--tail=2'])).toBe('GET /healthz 200\nGET /orders 500\n');
    expect(await kubectl.ok(['logs', 'worker', '-c', 'app', '--since=1m'])).toBe('GET /healthz 200\nGET /orders 500\n');
    const stamped = await kubectl.ok(['logs', 'worker', '-c', 'app', '--tail=1', '--timestamps']);
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z GET \/orders 500\n$/);
    expect(await kubectl.ok(['logs', 'worker', '-c', 'app', '--limit-bytes=7'])).toBe('booting');
  });

  it('returns the previous instance log, and the real error when there is none', async () => {
    expect(await kubectl.ok(['logs', 'worker', '-c', 'app', '--previous'])).toBe('panic: nil map\nexit 2\n');
    const missing = await kubectl.run(['logs', 'worker', '-c', 'proxy', '--previous']);
    expect(missing.stderr).toContain('previous terminated container "proxy" in pod "worker" not found');
  });

  it('serves default start-up lines for containers nobody set logs for', async () => {
    const output = await kubectl.ok(['logs', 'worker', '-c', 'proxy']);
    expect(output).toContain('Starting proxy (envoy:1.30)');
  });

  it('streams appended lines to logs -f and ends the stream when the pod is deleted', async () => {
    const follow = kubectl.spawn(['logs', '-f', 'worker', '-c', 'app', '--tail=1']);
    await eventually(() => follow.output().includes('GET /orders 500'));
    server.appendPodLogs({ namespace: 'default', pod: 'worker', container: 'app' }, ['GET /orders 200']);
    await eventually(() => follow.output().includes('GET /orders 200'));
    await kubectl.ok(['delete', 'pod', 'worker', '--wait=false']);
    expect(await follow.exited).toBe(0);
    expect(follow.output()).toBe('GET /orders 500\nGET /orders 200\n');
  });

  it('shows a crash-looping pod a test arranged, with restarts and the previous log', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: crasher}\nspec:\n  containers: [{name: app, image: "app:1"}]\n',
    });
    await kubectl.ok(['wait', '--for=condition=Ready', 'pod/crasher', '--timeout=30s']);
    const finishedAt = new Date(Date.now() - 30_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const pod = server.objects.get('v1', 'Pod', 'default', 'crasher')!;
    server.objects.setStatus('v1', 'Pod', 'default', 'crasher', {
      ...(pod.status as Record<string, unknown>),
      containerStatuses: [
        {
          name: 'app',
          image: 'app:1',
          imageID: '',
          ready: false,
          started: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: finishedAt, finishedAt } },
        },
      ],
    });
    server.setPodLogs({ namespace: 'default', pod: 'crasher', container: 'app', previous: true }, [
      'fatal: config missing',
    ]);
    expect(await kubectl.ok(['get', 'pod', 'crasher'])).toMatch(/crasher\s+0\/1\s+CrashLoopBackOff\s+4 \(3\ds ago\)/);
    expect(await kubectl.ok(['logs', 'crasher', '--previous'])).toBe('fatal: config missing\n');
  });

  it('refuses logs of a container that has not started yet', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: stuck}\nspec:\n  containers: [{name: app, image: "app:does-not-exist"}]\n',
    });
    await eventually(
      async () =>
        (await kubectl.ok([
          'get',
          'pod',
          'stuck',
          '-o',
          'jsonpath={.status.containerStatuses[0].state.waiting.reason}',
        ])) === 'ImagePullBackOff',
    );
    const result = await kubectl.run(['logs', 'stuck']);
    expect(result.stderr).toContain('container "app" in pod "stuck" is waiting to start: ImagePullBackOff');
  });
});
