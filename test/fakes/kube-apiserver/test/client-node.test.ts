import {
  ApiException,
  AppsV1Api,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  Log,
  Metrics,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import https from 'node:https';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { eventually } from './support/kubectl.js';

let server: FakeKubeApiServer;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

function configFor(user: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(server.kubeconfigFor(user));
  return config;
}

const deployment: V1Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'client' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: {
        containers: [
          { name: 'api', image: 'api:1' },
          { name: 'proxy', image: 'envoy:1' },
        ],
      },
    },
  },
};

beforeAll(async () => {
  server = await startFakeKubeApiServer({
    users: [
      { name: 'admin', token: 'admin-token' },
      {
        name: 'reader',
        token: 'reader-token',
        rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] }],
      },
    ],
  });
  kc = configFor('admin');
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: 'client' } } });
  for (let i = 0; i < 25; i++) {
    server.objects.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `cm-${String(i).padStart(2, '0')}`,
        namespace: 'client',
        labels: { batch: i % 2 === 0 ? 'even' : 'odd' },
      },
      data: { index: String(i) },
    });
  }
  await apps.createNamespacedDeployment({ namespace: 'client', body: deployment });
  await server.idle();
});

afterAll(async () => {
  // Every suite doubles as a check that the controllers never failed behind the scenes.
  expect(server.controllerErrors()).toEqual([]);
  await server.close();
});

describe('@kubernetes/client-node against the fake', () => {
  it('lists with a label selector and pages with limit and continue until the list is exhausted', async () => {
    const even = await core.listNamespacedConfigMap({ namespace: 'client', labelSelector: 'batch=even' });
    expect(even.items).toHaveLength(13);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listNamespacedConfigMap({
        namespace: 'client',
        limit: 10,
        _continue: token,
        labelSelector: 'batch',
      });
      names.push(...page.items.map((item) => item.metadata!.name!));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(25);
  });

  it('gets a server-side Table when asked through the Accept header', async () => {
    // The generated APIs deserialize into typed lists and would drop a Table's fields, so a Table is read raw with the kubeconfig's TLS and token.
    const options: https.RequestOptions = { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } };
    await kc.applyToHTTPSOptions(options);
    const body = await new Promise<string>((resolve, reject) => {
      const request = https.request(
        `${kc.getCurrentCluster()!.server}/api/v1/namespaces/client/pods`,
        options,
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => resolve(text));
        },
      );
      request.on('error', reject);
      request.end();
    });
    const table = JSON.parse(body) as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((column) => column.name).slice(0, 5)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
    ]);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0]!.cells[1]).toBe('2/2');
  });

  it('applies each patch type with its real semantics', async () => {
    const strategic = await apps.patchNamespacedDeployment(
      {
        name: 'api',
        namespace: 'client',
        body: { spec: { template: { spec: { containers: [{ name: 'proxy', image: 'envoy:2' }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec!.template.spec!.containers.map((c) => `${c.name}=${c.image}`)).toEqual([
      'api=api:1',
      'proxy=envoy:2',
    ]);
    const merge = await apps.patchNamespacedDeployment(
      { name: 'api', namespace: 'client', body: { metadata: { labels: { tier: 'web' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merge.metadata!.labels).toEqual({ tier: 'web' });
    const json = await apps.patchNamespacedDeployment(
      { name: 'api', namespace: 'client', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(json.spec!.replicas).toBe(3);
    const stale = apps.patchNamespacedDeployment(
      { name: 'api', namespace: 'client', body: { metadata: { resourceVersion: '1' }, spec: { replicas: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await expect(stale).rejects.toMatchObject({ code: 409 });
  });

  it('server-side applies with a field manager, dry runs without persisting, and reports conflicts', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', namespace: 'client' },
      data: { mode: 'a' },
    };
    const dry = await objects.patch(config, undefined, 'All', 'mcp', false, PatchStrategy.ServerSideApply);
    expect(dry.metadata?.name).toBe('applied');
    expect(server.objects.get('v1', 'ConfigMap', 'client', 'applied')).toBeUndefined();
    await objects.patch(config, undefined, undefined, 'mcp', false, PatchStrategy.ServerSideApply);
    const conflict = objects.patch(
      { ...config, data: { mode: 'b' } },
      undefined,
      undefined,
      'someone-else',
      false,
      PatchStrategy.ServerSideApply,
    );
    await expect(conflict).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof ApiException && error.code === 409 && String(error.body).includes('conflict with \\"mcp\\"'),
    );
    const forced = await objects.patch(
      { ...config, data: { mode: 'b' } },
      undefined,
      undefined,
      'someone-else',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((forced as { data?: Record<string, string> }).data).toEqual({ mode: 'b' });
  });

  it('watches a collection and receives ADDED, MODIFIED and DELETED events', async () => {
    const events: string[] = [];
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/client/configmaps',
      { labelSelector: 'watched=yes' },
      (phase, object: { metadata: { name: string } }) => events.push(`${phase} ${object.metadata.name}`),
      () => undefined,
    );
    await core.createNamespacedConfigMap({
      namespace: 'client',
      body: { metadata: { name: 'w', labels: { watched: 'yes' } }, data: { a: '1' } },
    });
    await core.patchNamespacedConfigMap(
      { name: 'w', namespace: 'client', body: { data: { a: '2' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ name: 'w', namespace: 'client' });
    await eventually(() => events.length >= 3);
    controller.abort();
    expect(events).toEqual(['ADDED w', 'MODIFIED w', 'DELETED w']);
  });

  it('reads logs with tailLines, both through the typed API and the streaming Log helper', async () => {
    const pod = (await core.listNamespacedPod({ namespace: 'client', labelSelector: 'app=api' })).items[0]!;
    const name = pod.metadata!.name!;
    server.setPodLogs({ namespace: 'client', pod: name, container: 'api' }, ['one', 'two', 'three']);
    expect(await core.readNamespacedPodLog({ name, namespace: 'client', container: 'api', tailLines: 2 })).toBe(
      'two\nthree\n',
    );
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await new Log(kc).log('client', name, 'api', stream, { tailLines: 1 });
    await eventually(() => text === 'three\n');
  });

  it('answers SelfSubjectAccessReview, SelfSubjectReview, and a real 403 Status for a denied list', async () => {
    const reader = configFor('reader');
    const authz = reader.makeApiClient(AuthorizationV1Api);
    const review = (verb: string, resource: string) =>
      authz.createSelfSubjectAccessReview({
        body: { spec: { resourceAttributes: { verb, resource, namespace: 'client' } } },
      });
    expect((await review('list', 'pods')).status?.allowed).toBe(true);
    expect((await review('list', 'secrets')).status?.allowed).toBe(false);
    const whoami = await reader.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(whoami.status?.userInfo?.username).toBe('reader');
    const denied = reader.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'client' });
    await expect(denied).rejects.toSatisfy((error: unknown) => {
      if (!(error instanceof ApiException) || error.code !== 403) return false;
      const status = JSON.parse(String(error.body)) as {
        kind: string;
        reason: string;
        message: string;
        details: { kind: string };
      };
      return (
        status.kind === 'Status' &&
        status.reason === 'Forbidden' &&
        status.details.kind === 'secrets' &&
        status.message ===
          'secrets is forbidden: User "reader" cannot list resource "secrets" in API group "" in the namespace "client"'
      );
    });
  });

  it('reads pod and node usage from metrics.k8s.io with the Metrics helper', async () => {
    const pod = (await core.listNamespacedPod({ namespace: 'client' })).items[0]!;
    server.setPodMetrics('client', pod.metadata!.name!, {
      api: { cpu: '250m', memory: '128Mi' },
      proxy: { cpu: '5m', memory: '20Mi' },
    });
    const metrics = new Metrics(kc);
    const pods = await metrics.getPodMetrics('client');
    const usage = pods.items
      .find((item) => item.metadata.name === pod.metadata!.name)!
      .containers.find((c) => c.name === 'api')!.usage;
    expect(usage).toEqual({ cpu: '250m', memory: '128Mi' });
    const nodes = await metrics.getNodeMetrics();
    expect(nodes.items.map((node) => node.metadata.name)).toEqual(['fake-control-plane']);
  });

  it('works over plain HTTP too, the kubeconfig skipping TLS verification as client-node requires', async () => {
    const plain = await startFakeKubeApiServer({ tls: false });
    try {
      expect(plain.url).toMatch(/^http:\/\//);
      const config = new KubeConfig();
      config.loadFromFile(plain.kubeconfigPath);
      const namespaces = await config.makeApiClient(CoreV1Api).listNamespace();
      expect(namespaces.items.map((ns) => ns.metadata!.name)).toEqual([
        'default',
        'kube-node-lease',
        'kube-public',
        'kube-system',
      ]);
    } finally {
      await plain.close();
    }
  });
});
