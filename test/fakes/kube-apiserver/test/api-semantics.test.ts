import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { eventually } from './support/kubectl.js';
import { rawRequest, rawWatch } from './support/raw-client.js';

let server: FakeKubeApiServer;

const configMap = (name: string, data: Record<string, string> = { a: '1' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});
const cmPath = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  server = await startFakeKubeApiServer({ bookmarkIntervalMs: 50 });
});

afterAll(async () => {
  // Every suite doubles as a check that the controllers never failed behind the scenes.
  expect(server.controllerErrors()).toEqual([]);
  await server.close();
});

describe('API semantics of the fake', () => {
  it('rejects a stale resourceVersion on update with the exact Conflict Status', async () => {
    const created = (await rawRequest(server, 'POST', cmPath, { body: configMap('versioned') })).json<{
      metadata: { resourceVersion: string };
    }>();
    const first = await rawRequest(server, 'PUT', `${cmPath}/versioned`, {
      body: {
        ...configMap('versioned', { a: '2' }),
        metadata: { name: 'versioned', resourceVersion: created.metadata.resourceVersion },
      },
    });
    expect(first.status).toBe(200);
    const stale = await rawRequest(server, 'PUT', `${cmPath}/versioned`, {
      body: {
        ...configMap('versioned', { a: '3' }),
        metadata: { name: 'versioned', resourceVersion: created.metadata.resourceVersion },
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on configmaps "versioned": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'versioned', kind: 'configmaps' },
      code: 409,
    });
  });

  it('answers missing objects, namespaces, paths, credentials and verbs with the real codes', async () => {
    const missing = await rawRequest(server, 'GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    expect(missing.json()).toMatchObject({
      reason: 'NotFound',
      code: 404,
      message: 'deployments.apps "nope" not found',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
    });
    const noNamespace = await rawRequest(server, 'POST', '/api/v1/namespaces/ghost/configmaps', {
      body: configMap('x'),
    });
    expect(noNamespace.json()).toMatchObject({ reason: 'NotFound', message: 'namespaces "ghost" not found' });
    expect((await rawRequest(server, 'GET', '/apis/nothing.example.com/v1/things')).status).toBe(404);
    const anonymous = await rawRequest(server, 'GET', cmPath, { token: null });
    expect(anonymous.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const review = await rawRequest(server, 'GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(review.status).toBe(405);
  });

  it('serves aggregated discovery to clients that ask for it, and the legacy documents otherwise', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const aggregated = await rawRequest(server, 'GET', '/apis', { accept });
    expect(aggregated.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const apps = aggregated
      .json<{
        items: {
          metadata: { name: string };
          versions: {
            resources: { resource: string; subresources?: { subresource: string; responseKind: unknown }[] }[];
          }[];
        }[];
      }>()
      .items.find((item) => item.metadata.name === 'apps');
    const deployments = apps?.versions[0]?.resources.find((resource) => resource.resource === 'deployments');
    expect(deployments?.subresources).toContainEqual({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
    const legacy = await rawRequest(server, 'GET', '/apis');
    expect(legacy.json()).toMatchObject({ kind: 'APIGroupList' });
  });

  it('resumes a watch from a resourceVersion, replaying what happened after it', async () => {
    const start = (await rawRequest(server, 'GET', cmPath)).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    await rawRequest(server, 'POST', cmPath, { body: configMap('replayed') });
    await rawRequest(server, 'DELETE', `${cmPath}/replayed`);
    const watch = rawWatch(server, `${cmPath}?watch=1&resourceVersion=${start}`);
    await eventually(() => watch.events().length >= 2);
    watch.stop();
    expect(
      watch
        .events()
        .map((event) => `${String(event.type)} ${(event.object as { metadata: { name: string } }).metadata.name}`),
    ).toEqual(['ADDED replayed', 'DELETED replayed']);
  });

  it('sends initial events then a bookmark marking their end, and periodic bookmarks after', async () => {
    const watch = rawWatch(
      server,
      `${cmPath}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    await eventually(() => watch.events().filter((event) => event.type === 'BOOKMARK').length >= 2);
    watch.stop();
    const events = watch.events();
    const firstBookmark = events.findIndex((event) => event.type === 'BOOKMARK');
    expect(events.slice(0, firstBookmark).every((event) => event.type === 'ADDED')).toBe(true);
    expect(events[firstBookmark]!.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
  });

  it('streams watch events as Tables when asked, with column definitions only in the first', async () => {
    const watch = rawWatch(server, `${cmPath}?watch=1`, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    await eventually(() => watch.events().length >= 1);
    await rawRequest(server, 'POST', cmPath, { body: configMap('tabled') });
    await eventually(() => watch.events().some((event) => JSON.stringify(event).includes('tabled')));
    watch.stop();
    const [first, ...rest] = watch
      .events()
      .map((event) => event.object as { kind: string; columnDefinitions?: unknown[] });
    expect(first).toMatchObject({ kind: 'Table', columnDefinitions: expect.any(Array) });
    expect(rest.every((table) => table.kind === 'Table' && table.columnDefinitions === undefined)).toBe(true);
  });

  it('returns Table rows with metadata, whole objects or nothing as includeObject says, and metadata-only lists', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io';
    const metadata = (await rawRequest(server, 'GET', cmPath, { accept })).json<{
      rows: { object: { kind: string } }[];
    }>();
    expect(metadata.rows[0]!.object.kind).toBe('PartialObjectMetadata');
    const whole = (await rawRequest(server, 'GET', `${cmPath}?includeObject=Object`, { accept })).json<{
      rows: { object: { data?: unknown } }[];
    }>();
    expect(whole.rows[0]!.object.data).toBeDefined();
    const none = (await rawRequest(server, 'GET', `${cmPath}?includeObject=None`, { accept })).json<{
      rows: { object?: unknown }[];
    }>();
    expect(none.rows[0]!.object).toBeUndefined();
    const partial = (
      await rawRequest(server, 'GET', cmPath, {
        accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
      })
    ).json<{ kind: string; items: { data?: unknown }[] }>();
    expect(partial.kind).toBe('PartialObjectMetadataList');
    expect(partial.items[0]!.data).toBeUndefined();
  });

  it('refuses values of the wrong JSON type with the Go decoder message for built-in kinds, and takes numeric quantities', async () => {
    const deployment = (name: string, replicas: unknown, resources: unknown) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i', resources }] } },
      },
    });
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const wrong = await rawRequest(server, 'POST', path, { body: deployment('typed', 'three', {}) });
    expect(wrong.json()).toMatchObject({
      reason: 'BadRequest',
      code: 400,
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    });
    const quantities = await rawRequest(server, 'POST', path, {
      body: deployment('quantities', 1, { limits: { cpu: 1, memory: '64Mi' } }),
    });
    expect(quantities.status).toBe(201);
  });

  it('stores Secrets base64-encoded, folding stringData into data', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds' },
      stringData: { password: 'hunter2' },
    };
    const created = (await rawRequest(server, 'POST', '/api/v1/namespaces/default/secrets', { body: secret })).json<{
      data: Record<string, string>;
      stringData?: unknown;
      type: string;
    }>();
    expect(created).toMatchObject({ type: 'Opaque', data: { password: Buffer.from('hunter2').toString('base64') } });
    expect(created.stringData).toBeUndefined();
    const bad = await rawRequest(server, 'POST', '/api/v1/namespaces/default/secrets', {
      body: { ...secret, metadata: { name: 'bad' }, stringData: undefined, data: { x: 'not base64!' } },
    });
    expect(bad.json()).toMatchObject({ reason: 'Invalid', code: 422 });
  });

  it('deletes a collection by label selector and returns what it deleted', async () => {
    for (const name of ['sweep-a', 'sweep-b'])
      await rawRequest(server, 'POST', cmPath, {
        body: { ...configMap(name), metadata: { name, labels: { sweep: 'yes' } } },
      });
    const deleted = (await rawRequest(server, 'DELETE', `${cmPath}?labelSelector=sweep%3Dyes`)).json<{
      kind: string;
      items: { metadata: { name: string } }[];
    }>();
    expect(deleted.kind).toBe('ConfigMapList');
    expect(deleted.items.map((item) => item.metadata.name)).toEqual(['sweep-a', 'sweep-b']);
    expect(
      server.objects.list('v1', 'ConfigMap', 'default').map((cm) => (cm.metadata as { name: string }).name),
    ).not.toContain('sweep-a');
  });

  it('serves events.k8s.io/v1 Events as a converted view of core Events', async () => {
    const body = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e1' },
      regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
      note: 'hello',
      reason: 'Tested',
      type: 'Normal',
      eventTime: '2026-01-01T00:00:00.000000Z',
      reportingController: 'tests',
      reportingInstance: 'tests-1',
      action: 'Test',
    };
    expect(
      (await rawRequest(server, 'POST', '/apis/events.k8s.io/v1/namespaces/default/events', { body })).status,
    ).toBe(201);
    const core = (await rawRequest(server, 'GET', '/api/v1/namespaces/default/events/e1')).json();
    expect(core).toMatchObject({
      kind: 'Event',
      apiVersion: 'v1',
      involvedObject: { kind: 'Pod', name: 'p' },
      message: 'hello',
      reportingComponent: 'tests',
    });
  });

  it('takes a strategic merge patch with $setElementOrder, $patch: delete and $retainKeys', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'patched' },
      spec: {
        selector: { matchLabels: { app: 'p' } },
        strategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: { app: 'p' } },
          spec: {
            containers: [
              { name: 'a', image: 'a:1' },
              { name: 'b', image: 'b:1' },
              { name: 'c', image: 'c:1' },
            ],
          },
        },
      },
    };
    await rawRequest(server, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment });
    const patch = {
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: {
          spec: {
            $setElementOrder_containers: undefined,
            '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }],
            containers: [
              { name: 'b', $patch: 'delete' },
              { name: 'a', image: 'a:2' },
            ],
          },
        },
      },
    };
    const result = await rawRequest(server, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/patched', {
      body: patch,
      contentType: 'application/strategic-merge-patch+json',
    });
    const spec = result.json<{
      spec: { strategy: unknown; template: { spec: { containers: { name: string; image: string }[] } } };
    }>().spec;
    expect(spec.strategy).toEqual({ type: 'Recreate' });
    expect(spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['c=c:1', 'a=a:2']);
  });
});
