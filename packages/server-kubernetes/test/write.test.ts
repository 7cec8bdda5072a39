import { openStateStore, silentLogger, type StateStore } from '@infra-mcp/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { connect, createNamespace, deployment, startCluster, type Session } from './support/cluster.js';

let cluster: FakeKubeApiServer;
let session: Session;
let state: StateStore;

const replicasOf = (name: string): number | undefined =>
  (cluster.objects.get('apps/v1', 'Deployment', 'shop', name)?.spec as { replicas?: number } | undefined)?.replicas;
const imageOf = (name: string): string =>
  (
    cluster.objects.get('apps/v1', 'Deployment', 'shop', name)!.spec as {
      template: { spec: { containers: { image: string }[] } };
    }
  ).template.spec.containers[0]!.image;

/** Calls a destructive tool the way a client without elicitation does: get the token, pass it back. */
async function confirmed(name: string, args: Record<string, unknown>) {
  const first = await session.call(name, args);
  expect(first.structured.confirmation_required).toBe(true);
  return session.call(name, { ...args, confirmation_token: first.structured.confirmation_token });
}

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2 });
  createNamespace(cluster, 'shop');
  state = await openStateStore({ dataDir: mkdtempSync(join(tmpdir(), 'k8s-state-')), log: silentLogger });
  session = await connect(cluster, { mode: 'destructive', state });
});

afterAll(async () => {
  await session[Symbol.asyncDispose]();
  await state.close();
  expect(cluster.controllerErrors()).toEqual([]);
  await cluster.close();
});

describe('changing a cluster', () => {
  it('applies a manifest server-side, reports created, configured and unchanged, and records history', async () => {
    const manifest = JSON.stringify(deployment('api', 'shop', 'api:1', 1));
    expect((await session.call('apply', { manifest })).structured.objects).toEqual([
      { OBJECT: 'Deployment shop/api', RESULT: 'created' },
    ]);
    expect((await session.call('apply', { manifest })).structured.objects).toEqual([
      { OBJECT: 'Deployment shop/api', RESULT: 'unchanged' },
    ]);
    const changed = JSON.stringify(deployment('api', 'shop', 'api:2', 1));
    const diff = await session.call('diff', { manifest: changed });
    expect(diff.structured.diff).toMatch(/^-\s+image: api:1\n\+\s+image: api:2$/m);
    expect((await session.call('apply', { manifest: changed })).structured.objects).toEqual([
      { OBJECT: 'Deployment shop/api', RESULT: 'configured' },
    ]);
    const history = await session.call('list_history', { tool: 'apply' });
    expect(history.text).toContain('applied Deployment shop/api (configured');
  });

  it('applies nothing when any object of the manifest fails its dry run', async () => {
    const good = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n  namespace: shop\ndata:\n  a: "1"\n';
    const bad =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: y}\n    spec:\n      containers: [{name: c, image: i}]\n';
    const result = await session.call('apply', { manifest: `${good}---\n${bad}` });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^INVALID_INPUT: .*selector/);
    expect(cluster.objects.get('v1', 'ConfigMap', 'shop', 'good')).toBeUndefined();
    const dry = await session.call('apply', { manifest: good, dryRun: true });
    expect(dry.structured.objects).toEqual([{ OBJECT: 'ConfigMap shop/good', RESULT: 'created (dry run)' }]);
    expect(cluster.objects.get('v1', 'ConfigMap', 'shop', 'good')).toBeUndefined();
  });

  it('patches with merge and JSON patches, and refuses a patch of the wrong shape', async () => {
    await session.call('patch', {
      kind: 'deploy',
      name: 'api',
      namespace: 'shop',
      type: 'merge',
      patch: { metadata: { labels: { tier: 'web' } } },
    });
    expect(
      (cluster.objects.get('apps/v1', 'Deployment', 'shop', 'api')!.metadata as { labels: Record<string, string> })
        .labels,
    ).toEqual({ tier: 'web' });
    await session.call('patch', {
      kind: 'deploy',
      name: 'api',
      namespace: 'shop',
      type: 'json',
      patch: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    });
    expect(replicasOf('api')).toBe(2);
    const wrong = await session.call('patch', {
      kind: 'deploy',
      name: 'api',
      namespace: 'shop',
      type: 'json',
      patch: { spec: {} },
    });
    expect(wrong.text).toBe('INVALID_INPUT: A json patch is an array of operations.');
  });

  it('scales, and asks a person before scaling to zero', async () => {
    expect(
      (await session.call('scale', { kind: 'deploy', name: 'api', namespace: 'shop', replicas: 3 })).structured,
    ).toMatchObject({ from: 2, to: 3 });
    expect(replicasOf('api')).toBe(3);
    const zero = await confirmed('scale', { kind: 'deploy', name: 'api', namespace: 'shop', replicas: 0 });
    expect(zero.structured).toMatchObject({ from: 3, to: 0 });
    expect(replicasOf('api')).toBe(0);
    await session.call('scale', { kind: 'deploy', name: 'api', namespace: 'shop', replicas: 1 });
  });

  it('restarts, lists history, rolls back and reports rollout status', async () => {
    await cluster.idle();
    const before = await session.call('rollout', { name: 'api', namespace: 'shop', action: 'history' });
    expect((before.structured.revisions as Record<string, string>[]).map((row) => row.IMAGES)).toEqual([
      'api:1',
      'api:2',
    ]);
    const undo = await session.call('rollout', { name: 'api', namespace: 'shop', action: 'undo' });
    expect(undo.structured.message).toBe('Deployment api rolled back to revision 1');
    expect(imageOf('api')).toBe('api:1');
    await session.call('rollout', { name: 'api', namespace: 'shop', action: 'restart' });
    await cluster.idle();
    const status = await session.call('rollout', { name: 'api', namespace: 'shop', action: 'status' });
    expect(status.structured.message).toBe('deployment "api" successfully rolled out');
    const pause = await session.call('rollout', {
      kind: 'StatefulSet',
      name: 'api',
      namespace: 'shop',
      action: 'pause',
    });
    expect(pause.isError).toBe(true);
  });

  it('waits for a rollout with progress notifications', async () => {
    await session.call('apply', { manifest: JSON.stringify(deployment('slow', 'shop', 'slow:1', 2)) });
    const progress: number[] = [];
    const result = await session.client.callTool(
      { name: 'wait_for', arguments: { kind: 'deploy', name: 'slow', namespace: 'shop', timeoutSeconds: 30 } },
      { onprogress: (notification) => progress.push(notification.progress) },
    );
    expect(result.structuredContent).toMatchObject({ met: true, state: 'deployment "slow" successfully rolled out' });
    const field = await session.call('wait_for', {
      kind: 'deploy',
      name: 'slow',
      namespace: 'shop',
      field: 'status.readyReplicas',
      value: '2',
      timeoutSeconds: 5,
    });
    expect(field.structured.met).toBe(true);
    const never = await session.call('wait_for', {
      kind: 'deploy',
      name: 'slow',
      namespace: 'shop',
      condition: 'Frozen',
      timeoutSeconds: 1,
    });
    expect(never.structured).toMatchObject({ met: false, state: 'Frozen=absent' });
  });

  it('deletes only after confirmation; a dry run deletes nothing', async () => {
    cluster.objects.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'old-1', namespace: 'shop', labels: { stale: 'yes' } },
      data: {},
    });
    cluster.objects.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'old-2', namespace: 'shop', labels: { stale: 'yes' } },
      data: {},
    });
    const dry = await session.call('delete', {
      kind: 'cm',
      namespace: 'shop',
      labelSelector: 'stale=yes',
      dryRun: true,
    });
    expect(dry.structured).toEqual({ deleted: ['ConfigMap shop/old-1', 'ConfigMap shop/old-2'], dryRun: true });
    expect(cluster.objects.get('v1', 'ConfigMap', 'shop', 'old-1')).toBeDefined();
    const unconfirmed = await session.call('delete', { kind: 'cm', namespace: 'shop', labelSelector: 'stale=yes' });
    expect(unconfirmed.structured.summary).toBe(
      'delete every cm matching stale=yes in namespace shop of context (default)',
    );
    expect(cluster.objects.get('v1', 'ConfigMap', 'shop', 'old-1')).toBeDefined();
    await confirmed('delete', { kind: 'cm', namespace: 'shop', labelSelector: 'stale=yes' });
    expect(
      cluster.objects.list('v1', 'ConfigMap', 'shop').map((cm) => (cm.metadata as { name: string }).name),
    ).not.toContain('old-1');
  });

  it('plans a drain, cordons, and drains a node by eviction after confirmation', async () => {
    await cluster.idle();
    const node = 'fake-worker-1';
    const plan = await session.call('cordon_drain', { node, action: 'drain', dryRun: true });
    const pods = plan.structured.pods as Record<string, string>[];
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((pod) => pod.ACTION === 'evict')).toBe(true);
    expect(
      (cluster.objects.get('v1', 'Node', '', node)!.spec as { unschedulable?: boolean }).unschedulable,
    ).toBeUndefined();
    await confirmed('cordon_drain', { node, action: 'drain', timeoutSeconds: 60 });
    expect((cluster.objects.get('v1', 'Node', '', node)!.spec as { unschedulable?: boolean }).unschedulable).toBe(true);
    await cluster.idle();
    const left = cluster.objects
      .list('v1', 'Pod')
      .filter((pod) => (pod.spec as { nodeName?: string }).nodeName === node);
    expect(left).toEqual([]);
    await session.call('cordon_drain', { node, action: 'uncordon' });
    expect(
      (cluster.objects.get('v1', 'Node', '', node)!.spec as { unschedulable?: boolean }).unschedulable,
    ).toBeUndefined();
  });
});
