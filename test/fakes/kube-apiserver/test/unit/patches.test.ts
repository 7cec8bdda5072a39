import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFieldsV1, encodeFieldsV1, fieldSetOf } from '../../src/apply/field-set.js';
import { serverSideApply } from '../../src/apply/server-side-apply.js';
import { ModelCatalog } from '../../src/openapi/model-catalog.js';
import { type Schema } from '../../src/openapi/schema.js';
import { applyJsonPatch } from '../../src/patch/json-patch.js';
import { applyMergePatch } from '../../src/patch/merge-patch.js';
import { applyStrategicMergePatch } from '../../src/patch/strategic-merge.js';
import { humanDuration } from '../../src/util/time.js';

let podSchema: Schema | undefined;

beforeAll(async () => {
  podSchema = (await ModelCatalog.load()).model('V1Pod');
});

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', finalizers: ['a'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'side:1' },
    ],
    tolerations: [{ key: 'x', operator: 'Exists' }],
  },
});

describe('patches', () => {
  it('applies RFC 6902 operations and fails a failed test operation', () => {
    const patched = applyJsonPatch({ a: [1, 2], b: { c: 1 } }, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'move', from: '/b/c', path: '/d' },
      { op: 'test', path: '/d', value: 1 },
    ]);
    expect(patched).toEqual({ a: [1, 2, 3], b: {}, d: 1 });
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/testing value \/a failed/);
  });

  it('applies RFC 7386 merge patches, null deleting and lists replacing', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null }, l: [3] })).toEqual({
      a: { c: 2 },
      l: [3],
    });
  });

  it('merges containers by name and env by name, keeps atomic lists atomic, and unions primitive merge lists', () => {
    const patched = applyStrategicMergePatch(
      pod(),
      {
        metadata: { finalizers: ['b'] },
        spec: {
          containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }],
          tolerations: [{ key: 'y', operator: 'Exists' }],
        },
      },
      podSchema,
    );
    const spec = patched.spec as {
      containers: { name: string; image: string; env?: unknown[] }[];
      tolerations: unknown[];
    };
    expect(spec.containers.map((c) => c.name)).toEqual(['app', 'sidecar']);
    expect(spec.containers[0]!.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
    expect(spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
    expect((patched.metadata as { finalizers: string[] }).finalizers).toEqual(['a', 'b']);
  });

  it('honours $deleteFromPrimitiveList and a list-level $patch: replace', () => {
    const patched = applyStrategicMergePatch(
      pod(),
      {
        metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
        spec: { containers: [{ name: 'only', image: 'o:1' }, { $patch: 'replace' }] },
      },
      podSchema,
    );
    expect((patched.metadata as { finalizers: string[] }).finalizers).toEqual([]);
    expect((patched.spec as { containers: { name: string }[] }).containers.map((c) => c.name)).toEqual(['only']);
  });
});

describe('managed fields', () => {
  it('encodes a field set as fieldsV1 with keyed list items and decodes it back', () => {
    const set = fieldSetOf(pod(), podSchema, 'main');
    const encoded = encodeFieldsV1(set);
    expect(encoded).toMatchObject({
      'f:spec': {
        'f:containers': {
          'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:value': {} } } },
        },
      },
    });
    expect(decodeFieldsV1(encoded)).toEqual(set);
  });

  it('removes a field a manager stops applying unless another manager also owns it', () => {
    const context = { apiVersion: 'v1', subresource: '', schema: podSchema, now: new Date(0), hasStatus: true };
    const first = serverSideApply({
      live: undefined,
      config: pod(),
      force: false,
      context: { ...context, manager: 'a' },
    });
    const withB = serverSideApply({
      live: first,
      config: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { keep: 'yes' } } },
      force: false,
      context: { ...context, manager: 'b' },
    });
    const reduced = pod();
    reduced.spec.containers = [reduced.spec.containers[0]!];
    const second = serverSideApply({
      live: withB,
      config: reduced,
      force: false,
      context: { ...context, manager: 'a' },
    });
    expect((second.spec as { containers: { name: string }[] }).containers.map((c) => c.name)).toEqual(['app']);
    expect((second.metadata as { labels: unknown }).labels).toEqual({ keep: 'yes' });
  });
});

describe('human durations', () => {
  it('formats ages like kubectl', () => {
    expect([5, 125, 600, 3 * 3600 + 60, 30 * 3600, 3 * 86400 + 3600].map((s) => humanDuration(s * 1000))).toEqual([
      '5s',
      '2m5s',
      '10m',
      '3h1m',
      '30h',
      '3d1h',
    ]);
  });
});
