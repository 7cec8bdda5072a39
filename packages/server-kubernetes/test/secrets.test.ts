import { CoreV1Api } from '@kubernetes/client-node';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeKubeApiServer } from '@infra-mcp/fake-kube-apiserver';
import { createClusterSet } from '../src/index.js';
import { connect, createNamespace, startCluster, type Result, type Session } from './support/cluster.js';

// Values that must never reach the model, on any path.
const password = 'hunter2-S3cr3t-value';
const apiKey = 'sk-live-0000-leak-canary';
const helmPassword = 'helm-db-pass-canary';
const manifestSecret = 'manifest-secret-canary';
const canaries = [password, apiKey, helmPassword, manifestSecret].flatMap((value) => [
  value,
  Buffer.from(value).toString('base64'),
]);

let cluster: FakeKubeApiServer;
let session: Session;

function expectNoLeak(result: Result): void {
  for (const canary of canaries) expect(result.all).not.toContain(canary);
}

/** A Helm 3 release Secret as helm writes it: base64 of gzipped JSON in data.release. */
function helmReleaseSecret(): Record<string, unknown> {
  const release = {
    name: 'db',
    namespace: 'vault',
    version: 1,
    info: {
      status: 'deployed',
      description: 'Install complete',
      last_deployed: new Date().toISOString(),
      notes: 'Connect to db:5432',
    },
    chart: {
      metadata: { name: 'postgresql', version: '15.5.0', appVersion: '16.3.0' },
      values: { auth: { postgresPassword: 'chart-default' } },
    },
    config: { database: { postgresPassword: helmPassword }, replicas: 1 },
    manifest: `---\n# Source: postgresql/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${Buffer.from(manifestSecret).toString('base64')}\n---\n# Source: postgresql/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n`,
  };
  const encoded = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: 'sh.helm.release.v1.db.v1',
      namespace: 'vault',
      labels: { owner: 'helm', name: 'db', version: '1', status: 'deployed' },
    },
    data: { release: Buffer.from(encoded).toString('base64') },
  };
}

beforeAll(async () => {
  cluster = await startCluster();
  createNamespace(cluster, 'vault');
  cluster.objects.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'creds',
      namespace: 'vault',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ stringData: { password } }),
      },
    },
    data: { password: Buffer.from(password).toString('base64') },
    stringData: { 'api-key': apiKey },
  });
  cluster.objects.create(helmReleaseSecret());
  session = await connect(cluster, { mode: 'write' });
});

afterAll(async () => {
  await session[Symbol.asyncDispose]();
  await cluster.close();
});

describe('Secret values never reach the model', () => {
  it('are redacted by get_resource, keeping keys, sizes and a comparable tag', async () => {
    const result = await session.call('get_resource', { kind: 'secret', name: 'creds', namespace: 'vault' });
    expectNoLeak(result);
    expect(result.structured.yaml).toMatch(/password: "<redacted 20B #[0-9a-f]{10}>"/);
    expect(result.structured.yaml).toMatch(/api-key: "<redacted \d+B #[0-9a-f]{10}>"/);
  });

  it('are redacted in every output of list_resources: table, yaml and chosen fields', async () => {
    for (const args of [{}, { output: 'yaml' }, { fields: ['data', 'data.password', 'metadata.annotations'] }]) {
      expectNoLeak(await session.call('list_resources', { kind: 'secrets', namespace: 'vault', ...args }));
      expectNoLeak(await session.call('list_resources', { kind: 'secrets', namespace: '*', ...args }));
    }
  });

  it('are redacted by describe, diff, apply results and events', async () => {
    expectNoLeak(await session.call('describe', { kind: 'secret', name: 'creds', namespace: 'vault' }));
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: vault\nstringData:\n  password: ${password}-changed\n`;
    const diff = await session.call('diff', { manifest });
    expectNoLeak(diff);
    // The tags differ, so the change shows, while neither value does.
    expect(diff.structured.diff).toMatch(
      /-\s+password: "<redacted 20B #[0-9a-f]{10}>"\n\+\s+password: "<redacted 28B #[0-9a-f]{10}>"/,
    );
    expect(diff.text).not.toContain(`${password}-changed`);
    const applied = await session.call('apply', { manifest, dryRun: true });
    expectNoLeak(applied);
    expect(applied.text).not.toContain(`${password}-changed`);
    expectNoLeak(await session.call('events', { namespace: 'vault' }));
  });

  it('are redacted in Helm values and in the Secrets of a release manifest', async () => {
    const values = await session.call('helm', { namespace: 'vault', release: 'db', show: 'values' });
    expectNoLeak(values);
    expect(values.structured.text).toContain('postgresPassword: "[redacted]"');
    expect(values.structured.text).toContain('replicas: 1');
    const manifest = await session.call('helm', { namespace: 'vault', release: 'db', show: 'manifest' });
    expectNoLeak(manifest);
    expect(manifest.structured.text).toContain('# Source: postgresql/templates/svc.yaml');
    const list = await session.call('helm', { namespace: '*' });
    expect(list.structured.releases).toEqual([
      expect.objectContaining({ NAME: 'db', CHART: 'postgresql-15.5.0', APP: '16.3.0', STATUS: 'deployed' }),
    ]);
    expectNoLeak(
      await session.call('get_resource', { kind: 'secret', name: 'sh.helm.release.v1.db.v1', namespace: 'vault' }),
    );
  });

  it("are redacted for client-node's generated APIs too, which pass the same chokepoint", async () => {
    const kube = createClusterSet({
      source: { kind: 'files', paths: [cluster.kubeconfigPath] },
      access: {
        mode: 'read-only',
        namespaces: [],
        deniedNamespaces: [],
        deniedResources: [],
        exec: false,
        portForward: false,
      },
      requestTimeoutMs: 10_000,
      breaker: () => ({ name: 'test', state: () => 'closed', run: (operation) => operation() }),
    });
    try {
      const client = await kube.client();
      const core = await client.api(CoreV1Api);
      const secrets = await core.listNamespacedSecret({ namespace: 'vault' });
      const text = JSON.stringify(secrets);
      for (const canary of canaries) expect(text).not.toContain(canary);
      expect(secrets.items.find((item) => item.metadata?.name === 'creds')?.data?.password).toMatch(/^<redacted 20B/);
    } finally {
      await kube.close();
    }
  });
});
