import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { type Kubectl, eventually, kubectlFor } from './support/kubectl.js';
import { deploymentYaml, namespaceYaml } from './support/manifests.js';

let server: FakeKubeApiServer;
let kubectl: Kubectl;

beforeAll(async () => {
  server = await startFakeKubeApiServer();
  kubectl = kubectlFor(server);
  await kubectl.ok(['apply', '-f', '-'], { stdin: namespaceYaml('ops') });
});

afterAll(async () => {
  // Every suite doubles as a check that the controllers never failed behind the scenes.
  expect(server.controllerErrors()).toEqual([]);
  kubectl.dispose();
  await server.close();
});

const configMap = (name: string, data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ops\ndata:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"`)
    .join('\n')}\n`;

describe('kubectl against the fake: writes', () => {
  it('applies server-side, records the field manager, and prunes fields the manager stopped applying', async () => {
    await kubectl.ok(['apply', '--server-side', '-f', '-'], {
      stdin: configMap('settings', { color: 'blue', size: 'large' }),
    });
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: configMap('settings', { color: 'green' }) });
    const live = server.objects.get('v1', 'ConfigMap', 'ops', 'settings');
    expect(live?.data).toEqual({ color: 'green' });
    const managed = (live?.metadata as { managedFields: { manager: string; operation: string; fieldsV1: unknown }[] })
      .managedFields;
    expect(managed).toEqual([
      expect.objectContaining({ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:data': { 'f:color': {} } } }),
    ]);
  });

  it('refuses an apply that changes a field another manager owns, and takes it over with --force-conflicts', async () => {
    await kubectl.ok(['apply', '--server-side', '--field-manager=team-a', '-f', '-'], {
      stdin: configMap('owned', { level: '1' }),
    });
    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=team-b', '-f', '-'], {
      stdin: configMap('owned', { level: '2' }),
    });
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "team-a": .data.level');
    expect(server.objects.get('v1', 'ConfigMap', 'ops', 'owned')?.data).toEqual({ level: '1' });
    await kubectl.ok(['apply', '--server-side', '--field-manager=team-b', '--force-conflicts', '-f', '-'], {
      stdin: configMap('owned', { level: '2' }),
    });
    const live = server.objects.get('v1', 'ConfigMap', 'ops', 'owned');
    expect(live?.data).toEqual({ level: '2' });
    const managers = (live?.metadata as { managedFields: { manager: string }[] }).managedFields.map(
      (entry) => entry.manager,
    );
    expect(managers).toEqual(['team-b']);
  });

  it('lets kubectl migrate a client-side-applied object to server-side apply, after which changes apply cleanly', async () => {
    const manifest = (replicas: number) =>
      deploymentYaml({ name: 'migrated', namespace: 'ops', replicas, image: 'nginx:1.25' });
    await kubectl.ok(['apply', '-f', '-'], { stdin: manifest(2) });
    const changedFirst = await kubectl.run(['apply', '--server-side', '-f', '-'], { stdin: manifest(3) });
    expect(changedFirst.stderr).toContain('conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: manifest(2) });
    const managers = (
      server.objects.get('apps/v1', 'Deployment', 'ops', 'migrated')?.metadata as {
        managedFields: { manager: string; operation: string }[];
      }
    ).managedFields.map((entry) => `${entry.manager}/${entry.operation}`);
    expect(managers).toContain('kubectl/Apply');
    expect(managers).not.toContain('kubectl-client-side-apply/Update');
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: manifest(3) });
    expect(
      (server.objects.get('apps/v1', 'Deployment', 'ops', 'migrated')?.spec as { replicas: number }).replicas,
    ).toBe(3);
  });

  it('persists nothing on --dry-run=server for create, apply, scale and delete', async () => {
    await kubectl.ok(['create', '--dry-run=server', '-f', '-'], { stdin: configMap('ghost', { a: 'b' }) });
    await kubectl.ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], {
      stdin: configMap('ghost', { a: 'b' }),
    });
    expect(server.objects.get('v1', 'ConfigMap', 'ops', 'ghost')).toBeUndefined();
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: deploymentYaml({ name: 'api', namespace: 'ops', replicas: 2, image: 'nginx:1.25' }),
    });
    await kubectl.ok(['scale', 'deployment/api', '-n', 'ops', '--replicas=5', '--dry-run=server']);
    await kubectl.ok(['delete', 'deployment/api', '-n', 'ops', '--dry-run=server']);
    const deployment = server.objects.get('apps/v1', 'Deployment', 'ops', 'api');
    expect((deployment?.spec as { replicas: number }).replicas).toBe(2);
  });

  it('diffs a manifest against the live object and exits 1 only when something differs', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: deploymentYaml({ name: 'web', namespace: 'ops', replicas: 2, image: 'nginx:1.25' }),
    });
    const same = await kubectl.run(['diff', '-f', '-'], {
      stdin: deploymentYaml({ name: 'web', namespace: 'ops', replicas: 2, image: 'nginx:1.25' }),
    });
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('');
    const changed = await kubectl.run(['diff', '-f', '-'], {
      stdin: deploymentYaml({ name: 'web', namespace: 'ops', replicas: 4, image: 'nginx:1.26' }),
    });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/-\s+replicas: 2\n\+\s+replicas: 4/);
    expect(changed.stdout).toMatch(/-\s+- image: nginx:1\.25\n\+\s+- image: nginx:1\.26/);
    const conflicting = await kubectl.run(['diff', '--server-side', '-f', '-'], {
      stdin: deploymentYaml({ name: 'web', namespace: 'ops', replicas: 3, image: 'nginx:1.25' }),
    });
    expect(conflicting.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    const serverSide = await kubectl.run(['diff', '--server-side', '--force-conflicts', '-f', '-'], {
      stdin: deploymentYaml({ name: 'web', namespace: 'ops', replicas: 3, image: 'nginx:1.25' }),
    });
    expect(serverSide.code).toBe(1);
    expect(serverSide.stdout).toMatch(/\+\s+replicas: 3/);
  });

  it('scales a deployment through the scale subresource and the controllers follow', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: deploymentYaml({ name: 'scaler', namespace: 'ops', replicas: 1, image: 'nginx:1.25' }),
    });
    await kubectl.ok(['scale', 'deployment/scaler', '-n', 'ops', '--replicas=4']);
    await kubectl.ok(['rollout', 'status', 'deployment/scaler', '-n', 'ops', '--timeout=30s']);
    const pods = await kubectl.ok(['get', 'pods', '-n', 'ops', '-l', 'app=scaler', '-o', 'name']);
    expect(pods.trim().split('\n')).toHaveLength(4);
    const scale = await kubectl.ok(['get', '--raw', '/apis/apps/v1/namespaces/ops/deployments/scaler/scale']);
    expect(JSON.parse(scale)).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 4 },
      status: { replicas: 4, selector: 'app=scaler' },
    });
  });

  it('merges a strategic patch into the container list by name instead of replacing it', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: deploymentYaml({ name: 'two', namespace: 'ops', replicas: 1, image: 'nginx:1.25', extraContainer: true }),
    });
    await kubectl.ok([
      'patch',
      'deployment/two',
      '-n',
      'ops',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.37"}]}}}}',
    ]);
    const containers = (
      await kubectl.ok([
        'get',
        'deployment/two',
        '-n',
        'ops',
        '-o',
        'jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}',
      ])
    ).trim();
    expect(containers).toBe('main=nginx:1.25 sidecar=busybox:1.37');
    await kubectl.ok([
      'patch',
      'deployment/two',
      '-n',
      'ops',
      '--type=merge',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"redis:7"}]}}}}',
    ]);
    const merged = (
      await kubectl.ok([
        'get',
        'deployment/two',
        '-n',
        'ops',
        '-o',
        'jsonpath={.spec.template.spec.containers[*].name}',
      ])
    ).trim();
    expect(merged).toBe('only');
    await kubectl.ok([
      'patch',
      'deployment/two',
      '-n',
      'ops',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":3}]',
    ]);
    expect((server.objects.get('apps/v1', 'Deployment', 'ops', 'two')?.spec as { replicas: number }).replicas).toBe(3);
  });

  it('answers creates of existing objects and invalid objects with the real Status reasons', async () => {
    await kubectl.ok(['create', '-f', '-'], { stdin: configMap('once', { a: '1' }) });
    const again = await kubectl.run(['create', '-f', '-'], { stdin: configMap('once', { a: '1' }) });
    expect(again.stderr).toContain(
      'Error from server (AlreadyExists): error when creating "STDIN": configmaps "once" already exists',
    );
    const invalid = await kubectl.run(['apply', '-f', '-'], {
      stdin: deploymentYaml({ name: 'Bad_Name', namespace: 'ops', replicas: 1, image: 'nginx' }),
    });
    expect(invalid.stderr).toContain(
      'The Deployment "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain',
    );
    const unknownField = await kubectl.run(['apply', '-f', '-'], {
      stdin: configMap('strict', { a: '1' }).replace(/^data:/m, 'colour: red\ndata:'),
    });
    expect(unknownField.stderr).toContain(
      'Error from server (BadRequest): error when creating "STDIN": strict decoding error: unknown field "colour"',
    );
    expect(server.objects.get('v1', 'ConfigMap', 'ops', 'strict')).toBeUndefined();
  });

  it('deletes a deployment and garbage-collects its ReplicaSets and pods', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: deploymentYaml({ name: 'doomed', namespace: 'ops', replicas: 2, image: 'nginx:1.25' }),
    });
    await kubectl.ok(['rollout', 'status', 'deployment/doomed', '-n', 'ops', '--timeout=30s']);
    const output = await kubectl.ok(['delete', 'deployment', 'doomed', '-n', 'ops']);
    expect(output.trim()).toBe('deployment.apps "doomed" deleted');
    await eventually(
      async () => (await kubectl.ok(['get', 'rs,pods', '-n', 'ops', '-l', 'app=doomed', '-o', 'name'])).trim() === '',
    );
    const missing = await kubectl.run(['get', 'deployment', 'doomed', '-n', 'ops']);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "doomed" not found');
  });

  it('deletes a namespace with everything in it', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: namespaceYaml('temp') });
    await kubectl.ok([
      'create',
      'configmap',
      'x',
      '-n',
      'temp',
      '--from-literal=a=b',
      '--dry-run=client',
      '-o',
      'yaml',
    ]);
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: configMap('inside', { a: '1' }).replace('namespace: ops', 'namespace: temp'),
    });
    await kubectl.ok(['delete', 'namespace', 'temp', '--wait=true', '--timeout=30s']);
    expect(server.objects.get('v1', 'Namespace', '', 'temp')).toBeUndefined();
    expect(server.objects.list('v1', 'ConfigMap', 'temp')).toEqual([]);
  });
});
