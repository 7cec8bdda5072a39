import { ToolError } from '@infra-mcp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { createClusterSet, type AccessSettings } from '../src/index.js';
import { connect, createNamespace, deployment, startCluster, type Session } from './support/cluster.js';

let cluster: FakeKubeApiServer;
let session: Session;

const noBreaker = () => ({
  name: 'test',
  state: () => 'closed' as const,
  run: <T>(operation: () => Promise<T>) => operation(),
});

function clusterSet(access: Partial<AccessSettings>) {
  return createClusterSet({
    source: { kind: 'files', paths: [cluster.kubeconfigPath] },
    access: {
      mode: 'read-only',
      namespaces: [],
      deniedNamespaces: [],
      deniedResources: [],
      exec: false,
      portForward: false,
      ...access,
    },
    requestTimeoutMs: 10_000,
    breaker: noBreaker,
  });
}

beforeAll(async () => {
  cluster = await startCluster();
  for (const name of ['shop', 'vault']) {
    createNamespace(cluster, name);
    cluster.objects.create(deployment('web', name, 'nginx:1.27', 1));
    cluster.objects.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: name },
      data: { a: '1' },
    });
  }
  await cluster.idle();
  session = await connect(cluster, {
    mode: 'destructive',
    deniedNamespaces: ['vault'],
    deniedResources: ['configmaps'],
    contexts: ['admin'],
  });
});

afterAll(async () => {
  await session[Symbol.asyncDispose]();
  await cluster.close();
});

describe('the policy chokepoint under every tool', () => {
  it('refuses every tool in a denied namespace, generic ones included', async () => {
    const vaultPod = (cluster.objects.list('v1', 'Pod', 'vault')[0]!.metadata as { name: string }).name;
    const calls: [string, Record<string, unknown>][] = [
      ['list_resources', { kind: 'pods', namespace: 'vault' }],
      ['get_resource', { kind: 'deploy', name: 'web', namespace: 'vault' }],
      ['describe', { kind: 'pod', name: vaultPod, namespace: 'vault' }],
      ['events', { namespace: 'vault' }],
      ['logs', { kind: 'Deployment', name: 'web', namespace: 'vault' }],
      ['helm', { namespace: 'vault' }],
      ['apply', { manifest: JSON.stringify(deployment('other', 'vault')) }],
      ['patch', { kind: 'deploy', name: 'web', namespace: 'vault', type: 'merge', patch: { spec: { replicas: 3 } } }],
      ['scale', { kind: 'deploy', name: 'web', namespace: 'vault', replicas: 2 }],
      ['rollout', { name: 'web', namespace: 'vault', action: 'restart' }],
      ['diff', { manifest: JSON.stringify(deployment('web', 'vault')) }],
    ];
    for (const [name, args] of calls) {
      const result = await session.call(name, args);
      expect(result.isError, name).toBe(true);
      expect(result.text, name).toMatch(/^FORBIDDEN: Refused by the server's policy: namespace vault is outside/);
    }
    expect(cluster.objects.get('apps/v1', 'Deployment', 'vault', 'other')).toBeUndefined();
    expect((cluster.objects.get('apps/v1', 'Deployment', 'vault', 'web')!.spec as { replicas: number }).replicas).toBe(
      1,
    );
  });

  it('filters objects of denied namespaces out of lists that span namespaces', async () => {
    const pods = await session.call('list_resources', { kind: 'pods', namespace: '*' });
    const namespaces = (pods.structured.rows as Record<string, string>[]).map((row) => row.NAMESPACE);
    expect(namespaces).toContain('shop');
    expect(namespaces).not.toContain('vault');
    const yaml = await session.call('list_resources', { kind: 'deploy', namespace: '*', output: 'yaml' });
    expect(yaml.structured.yaml).not.toContain('namespace: vault');
    const namespaceList = await session.call('list_resources', { kind: 'namespaces' });
    expect((namespaceList.structured.rows as Record<string, string>[]).map((row) => row.NAME)).not.toContain('vault');
    const events = await session.call('events', { namespace: '*' });
    expect(events.all).not.toContain('vault');
  });

  it('refuses a denied resource through every generic tool', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['list_resources', { kind: 'cm', namespace: 'shop' }],
      ['get_resource', { kind: 'ConfigMap', name: 'settings', namespace: 'shop' }],
      ['describe', { kind: 'configmaps', name: 'settings', namespace: 'shop' }],
      ['apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sneaky\n  namespace: shop\n' }],
      ['patch', { kind: 'cm', name: 'settings', namespace: 'shop', type: 'merge', patch: { data: { a: '2' } } }],
      ['delete', { kind: 'cm', name: 'settings', namespace: 'shop', dryRun: true }],
    ];
    for (const [name, args] of calls) {
      const result = await session.call(name, args);
      expect(result.text, name).toMatch(/^FORBIDDEN: Refused by the server's policy: configmaps is denied/);
    }
    expect(cluster.objects.get('v1', 'ConfigMap', 'shop', 'sneaky')).toBeUndefined();
  });

  it('refuses contexts outside the allowlist, and says so in can_i for namespaces', async () => {
    const other = await session.call('list_resources', { context: 'viewer', kind: 'pods' });
    expect(other.text).toMatch(/^FORBIDDEN: Refused by the server's policy: context viewer is not allowed/);
    const can = await session.call('can_i', { verb: 'get', kind: 'pods', namespace: 'vault' });
    expect(can.structured).toMatchObject({
      allowed: true,
      serverPolicy: expect.stringMatching(/namespace vault is outside/),
    });
  });

  it('refuses a write at the HTTP layer in read-only mode, even from code that skips the tools', async () => {
    const kube = clusterSet({ mode: 'read-only' });
    try {
      const client = await kube.client();
      const write = client.request({
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/shop/deployments/web',
        body: { spec: { replicas: 5 } },
        contentType: 'application/merge-patch+json',
      });
      await expect(write).rejects.toSatisfy(
        (error: unknown) => error instanceof ToolError && error.code === 'FORBIDDEN',
      );
      const dryRun = await client.request({
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/shop/deployments/web',
        query: { dryRun: 'All' },
        body: { spec: { replicas: 5 } },
        contentType: 'application/merge-patch+json',
      });
      expect((dryRun as { spec: { replicas: number } }).spec.replicas).toBe(5);
      expect((cluster.objects.get('apps/v1', 'Deployment', 'shop', 'web')!.spec as { replicas: number }).replicas).toBe(
        1,
      );
    } finally {
      await kube.close();
    }
  });

  it('never lets a request reach exec, attach, proxies, token minting or watches unless opted in', async () => {
    const kube = clusterSet({ mode: 'destructive' });
    try {
      const client = await kube.client();
      const refused = [
        ['POST', '/api/v1/namespaces/shop/pods/p/exec?command=sh'],
        ['GET', '/api/v1/namespaces/shop/pods/p/attach'],
        ['GET', '/api/v1/namespaces/shop/services/web/proxy/admin'],
        ['GET', '/api/v1/nodes/n/proxy/metrics'],
        ['POST', '/api/v1/namespaces/shop/serviceaccounts/default/token'],
        ['GET', '/api/v1/namespaces/shop/pods/p/portforward'],
        ['GET', '/api/v1/pods?watch=true'],
      ];
      for (const [method, path] of refused) {
        expect(() => client.guard.authorize(method!, new URL(path!, client.server)), path).toThrow(
          /Refused by the server's policy/,
        );
      }
      const withExec = clusterSet({ mode: 'write', exec: true });
      const execClient = await withExec.client();
      expect(
        execClient.guard.authorize('POST', new URL('/api/v1/namespaces/shop/pods/p/exec', client.server)).subresource,
      ).toBe('exec');
      await withExec.close();
    } finally {
      await kube.close();
    }
  });
});
