import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { connect, createNamespace, deployment, startCluster, type Session } from './support/cluster.js';

let cluster: FakeKubeApiServer;
let session: Session;

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2 });
  createNamespace(cluster, 'shop');
  for (let i = 0; i < 12; i++) {
    cluster.objects.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${String(i).padStart(2, '0')}`, namespace: 'shop' },
      data: { i: String(i) },
    });
  }
  cluster.objects.create(deployment('web', 'shop'));
  await cluster.idle();
  session = await connect(cluster);
});

afterAll(async () => {
  await session[Symbol.asyncDispose]();
  expect(cluster.controllerErrors()).toEqual([]);
  await cluster.close();
});

/** Puts a pod's app container into CrashLoopBackOff, as a cluster shows it: no current log, an OOM kill before. */
function crashLoop(name: string): void {
  cluster.objects.setStatus('v1', 'Pod', 'shop', name, {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        image: 'nginx:1.27',
        ready: false,
        restartCount: 7,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
        lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: new Date().toISOString() } },
      },
    ],
  });
}

describe('reading a cluster', () => {
  it('lists pods as the kubectl table, one page at a time, with the arguments that continue', async () => {
    const first = await session.call('list_resources', { kind: 'configmaps', namespace: 'shop', limit: 5 });
    expect(first.isError).toBe(false);
    const rows = first.structured.rows as Record<string, string>[];
    expect(rows.map((row) => row.NAME)).toEqual(['cm-00', 'cm-01', 'cm-02', 'cm-03', 'cm-04']);
    expect(Object.keys(rows[0]!)).toEqual(['NAME', 'DATA', 'AGE']);
    const next = (first.structured.truncated as { next: Record<string, unknown> }).next;
    const second = await session.call('list_resources', next);
    expect((second.structured.rows as Record<string, string>[])[0]!.NAME).toBe('cm-05');
  });

  it('shows the namespace column when listing across namespaces, and selected fields on request', async () => {
    const pods = await session.call('list_resources', { kind: 'po', namespace: '*' });
    const rows = pods.structured.rows as Record<string, string>[];
    expect(rows.every((row) => row.NAMESPACE === 'shop')).toBe(true);
    expect(rows[0]!.READY).toBe('1/1');
    const fields = await session.call('list_resources', {
      kind: 'Deployment.apps',
      namespace: 'shop',
      fields: ['spec.replicas'],
    });
    expect(fields.structured.rows).toEqual([
      { 'metadata.namespace': 'shop', 'metadata.name': 'web', 'spec.replicas': '2' },
    ]);
  });

  it('gets one object as YAML without managedFields, or only the fields asked for', async () => {
    const full = await session.call('get_resource', { kind: 'deploy', name: 'web', namespace: 'shop' });
    expect(full.structured.yaml).toContain('image: nginx:1.27');
    expect(full.structured.yaml).not.toContain('managedFields');
    const status = await session.call('get_resource', {
      kind: 'deploy',
      name: 'web',
      namespace: 'shop',
      fields: ['status.readyReplicas'],
    });
    expect(status.structured.yaml).toBe('status.readyReplicas: 2\n');
  });

  it('describes a crash-looping pod with its container state, restarts, last termination, owners and events', async () => {
    const pod = cluster.objects.list('v1', 'Pod', 'shop')[0]!;
    const name = (pod.metadata as { name: string }).name;
    crashLoop(name);
    cluster.objects.recordEvent(pod, {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container app',
    });
    const described = await session.call('describe', { kind: 'pod', name, namespace: 'shop' });
    expect(described.isError).toBe(false);
    const summary = described.structured.summary as Record<string, string>;
    expect(summary.status).toBe('CrashLoopBackOff');
    expect(summary.owners).toMatch(/^ReplicaSet\/web-[a-z0-9]+ → Deployment\/web$/);
    const containers = described.structured.containers as Record<string, string>[];
    expect(containers[0]).toMatchObject({ NAME: 'app', STATE: 'Waiting CrashLoopBackOff', RESTARTS: '7' });
    expect(containers[0]!.LAST).toMatch(/^OOMKilled \(exit 137\)/);
    const events = described.structured.events as Record<string, string>[];
    expect(events[0]).toMatchObject({ TYPE: 'Warning', REASON: 'BackOff' });
    expect(described.text).toMatch(/<untrusted-[0-9a-f]{8} source="cluster">/);
  });

  it('lists events newest first and filters them by type and object', async () => {
    const warnings = await session.call('events', { namespace: 'shop', type: 'Warning' });
    const rows = warnings.structured.events as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.TYPE === 'Warning')).toBe(true);
    const forDeployment = await session.call('events', { namespace: 'shop', kind: 'deploy', name: 'web' });
    expect((forDeployment.structured.events as Record<string, string>[]).map((row) => row.REASON)).toContain(
      'ScalingReplicaSet',
    );
  });

  it('reads logs of a pod and of a whole deployment, filtered before the tail, with tokens masked', async () => {
    const pods = cluster.objects.list('v1', 'Pod', 'shop').map((pod) => (pod.metadata as { name: string }).name);
    // A container that never ran has no log at all (a crash-looping one still has its last run's).
    cluster.objects.setStatus('v1', 'Pod', 'shop', pods[0]!, {
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'app',
          image: 'nginx:9.99',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ImagePullBackOff' } },
        },
      ],
    });
    for (const pod of pods) {
      cluster.setPodLogs({ namespace: 'shop', pod, container: 'app' }, [
        'GET /health 200',
        'ERROR db timeout',
        'Authorization: Bearer abcdefghijklmnop0123',
        'GET /health 200',
      ]);
    }
    const one = await session.call('logs', { namespace: 'shop', name: pods[1], tail: 2 });
    expect(one.structured.log).toBe('Authorization: Bearer [redacted]\nGET /health 200');
    const errors = await session.call('logs', {
      namespace: 'shop',
      kind: 'Deployment',
      name: 'web',
      include: 'ERROR',
      tail: 1,
    });
    // The pod that never started has no log; the others' logs still come through.
    const lines = (errors.structured.log as string).split('\n');
    console.error('DEBUGLINES', JSON.stringify(lines));
    expect(lines).toContain(`[${pods[1]}] ERROR db timeout`);
    expect(lines.find((line) => line.startsWith(`[${pods[0]}] (no log:`))).toBeDefined();
    expect(errors.text).toContain('source="log"');
    const badPattern = await session.call('logs', { namespace: 'shop', name: pods[1], include: '(' });
    expect(badPattern.isError).toBe(true);
    expect(badPattern.text).toMatch(/^INVALID_INPUT: include is not a valid regular expression/);
  });

  it('shows pod usage from metrics.k8s.io, heaviest first', async () => {
    const pods = cluster.objects.list('v1', 'Pod', 'shop').map((pod) => (pod.metadata as { name: string }).name);
    cluster.setPodMetrics('shop', pods[0]!, { app: { cpu: '5m', memory: '10Mi' } });
    cluster.setPodMetrics('shop', pods[1]!, { app: { cpu: '750m', memory: '300Mi' } });
    const top = await session.call('top', { namespace: 'shop' });
    expect((top.structured.usage as Record<string, string>[])[0]).toEqual({
      NAME: pods[1],
      CPU: '750m',
      MEMORY: '300Mi',
    });
  });

  it('explains the kinds a cluster serves and the fields of a kind', async () => {
    const kinds = await session.call('explain', { group: 'apps' });
    expect((kinds.structured.fields as Record<string, string>[]).map((row) => row.KIND)).toEqual(
      expect.arrayContaining(['Deployment', 'StatefulSet']),
    );
    const containers = await session.call('explain', { kind: 'Deployment', field: 'spec.template.spec.containers' });
    expect(containers.structured.type).toBe('[]Container');
    expect((containers.structured.fields as Record<string, string>[]).map((row) => row.NAME)).toContain('name*');
  });

  it('names the identity and contexts without ever showing a credential', async () => {
    const info = await session.call('cluster_info');
    expect(info.structured).toMatchObject({
      context: 'admin',
      version: 'v1.32.0',
      user: expect.stringMatching(/^admin/),
    });
    const contexts = await session.call('contexts_list');
    expect((contexts.structured.contexts as Record<string, string>[]).map((row) => row.NAME)).toEqual([
      'admin (current)',
      'viewer',
    ]);
    for (const result of [info, contexts]) {
      expect(result.all).not.toContain('admin-token-0123456789');
      expect(result.all).not.toContain('viewer-token-0123456789');
      expect(result.all).not.toContain('BEGIN CERTIFICATE');
    }
  });

  it('answers can_i from RBAC for the chosen context', async () => {
    const pods = await session.call('can_i', { context: 'viewer', verb: 'list', kind: 'pods', namespace: 'default' });
    expect(pods.structured).toMatchObject({ allowed: true, serverPolicy: 'allowed' });
    const secrets = await session.call('can_i', {
      context: 'viewer',
      verb: 'list',
      kind: 'secrets',
      namespace: 'default',
    });
    expect(secrets.structured.allowed).toBe(false);
  });

  it('turns an unknown kind and a missing object into errors that say what to do next', async () => {
    const kind = await session.call('get_resource', { kind: 'Frobnicator', name: 'x' });
    expect(kind.text).toMatch(
      /^NOT_FOUND: The cluster serves no kind named Frobnicator\.\nHint: explain without a kind/,
    );
    const missing = await session.call('get_resource', { kind: 'pod', name: 'nope', namespace: 'shop' });
    expect(missing.text).toMatch(/^NOT_FOUND: pods "nope" not found/);
  });
});
