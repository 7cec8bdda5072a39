import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { FakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { connect, createNamespace, startCluster } from './support/cluster.js';

let cluster: FakeKubeApiServer;

beforeAll(async () => {
  cluster = await startCluster();
  createNamespace(cluster, 'shop');
});

afterAll(async () => {
  await cluster.close();
});

describe('the default tool list and the opt-ins', () => {
  it('lists only read tools by default, and no exec or port_forward until the operator opts in', async () => {
    await using session = await connect(cluster);
    const { tools } = await session.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual([
      'cluster_info',
      'contexts_list',
      'explain',
      'list_resources',
      'get_resource',
      'describe',
      'events',
      'logs',
      'top',
      'can_i',
      'diff',
      'helm',
    ]);
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    await using writer = await connect(cluster, { mode: 'write', exec: true, portForward: true });
    const writeNames = (await writer.client.listTools()).tools.map((tool) => tool.name);
    expect(writeNames).toEqual(
      expect.arrayContaining([
        'apply',
        'patch',
        'scale',
        'rollout',
        'wait_for',
        'cordon_drain',
        'exec',
        'port_forward',
      ]),
    );
    expect(writeNames).not.toContain('delete');
  });

  it('serves the 2026-07-28 protocol the same way', async () => {
    await using session = await connect(cluster, { connect: { era: 'modern' } });
    const result = await session.call('list_resources', { kind: 'namespaces' });
    expect((result.structured.rows as Record<string, string>[]).map((row) => row.NAME)).toContain('shop');
  });

  it('opens a forward on 127.0.0.1 only, lists it, and stops it', async () => {
    await using session = await connect(cluster, { mode: 'write', portForward: true });
    const started = await session.call('port_forward', { action: 'start', pod: 'web', namespace: 'shop', port: 8080 });
    const [forward] = started.structured.forwards as { id: string; local: string; target: string }[];
    expect(forward).toMatchObject({ target: 'shop/web:8080', local: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    const listed = await session.call('port_forward', { action: 'list' });
    expect(listed.structured.forwards).toHaveLength(1);
    await session.call('port_forward', { action: 'stop', id: forward!.id });
    expect((await session.call('port_forward', { action: 'list' })).structured.forwards).toEqual([]);
    const port = Number(forward!.local.split(':')[1]);
    await expect(
      new Promise<void>((resolve, reject) => {
        const probe = createServer()
          .once('error', reject)
          .listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      }),
    ).resolves.toBeUndefined();
    const unknown = await session.call('port_forward', { action: 'stop', id: 'pf-99' });
    expect(unknown.text).toMatch(/^NOT_FOUND: No open forward pf-99/);
  });

  it('refuses exec on a pod that does not exist before any stream is opened', async () => {
    await using session = await connect(cluster, { mode: 'write', exec: true });
    const result = await session.call('exec', { namespace: 'shop', pod: 'ghost', command: ['cat', '/etc/hostname'] });
    expect(result.text).toMatch(/^NOT_FOUND: pods "ghost" not found/);
  });
});
