import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { type Kubectl, eventually, kubectlFor } from './support/kubectl.js';
import { deploymentYaml, namespaceYaml } from './support/manifests.js';

let server: FakeKubeApiServer;
let kubectl: Kubectl;

beforeAll(async () => {
  server = await startFakeKubeApiServer({ nodes: 2 });
  kubectl = kubectlFor(server);
  await kubectl.ok(['apply', '-f', '-'], { stdin: namespaceYaml('shop') });
  await kubectl.ok(['apply', '-f', '-'], {
    stdin: deploymentYaml({ name: 'cart', namespace: 'shop', replicas: 3, image: 'nginx:1.25' }),
  });
  await kubectl.ok(['rollout', 'status', 'deployment/cart', '-n', 'shop', '--timeout=30s']);
});

afterAll(async () => {
  // Every suite doubles as a check that the controllers never failed behind the scenes.
  expect(server.controllerErrors()).toEqual([]);
  kubectl.dispose();
  await server.close();
});

describe('kubectl against the fake: discovery and reads', () => {
  it('lists every served kind in api-resources, including metrics and reviews', async () => {
    const output = await kubectl.ok(['api-resources', '--no-headers']);
    for (const line of [
      'deployments',
      'replicasets',
      'statefulsets',
      'daemonsets',
      'cronjobs',
      'ingresses',
      'persistentvolumeclaims',
      'customresourcedefinitions',
      'selfsubjectaccessreviews',
      'selfsubjectreviews',
    ]) {
      expect(output).toContain(line);
    }
    expect(output).toMatch(/pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics/);
    expect(output).toMatch(/events\s+ev\s+events\.k8s\.io\/v1\s+true\s+Event/);
  });

  it('prints server-side tables with the real column headers, wide columns included', async () => {
    const pods = await kubectl.ok(['get', 'pods', '-n', 'shop', '-o', 'wide']);
    expect(pods.split('\n')[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    expect(pods.match(/cart-\w+-\w+\s+1\/1\s+Running\s+0/g)).toHaveLength(3);
    const deployments = await kubectl.ok(['get', 'deployments', '-n', 'shop']);
    expect(deployments).toMatch(/cart\s+3\/3\s+3\s+3\s+/);
  });

  it('filters with label and field selectors and rejects unsupported field labels like the real server', async () => {
    const byLabel = await kubectl.ok(['get', 'pods', '-n', 'shop', '-l', 'app=cart', '-o', 'name']);
    expect(byLabel.trim().split('\n')).toHaveLength(3);
    const none = await kubectl.ok(['get', 'pods', '-n', 'shop', '-l', 'app notin (cart)', '-o', 'name']);
    expect(none.trim()).toBe('');
    const running = await kubectl.ok([
      'get',
      'pods',
      '-A',
      '--field-selector',
      'status.phase=Running,metadata.namespace=shop',
      '-o',
      'name',
    ]);
    expect(running.trim().split('\n')).toHaveLength(3);
    const bad = await kubectl.run(['get', 'pods', '-n', 'shop', '--field-selector', 'spec.color=blue']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('field label not supported: spec.color');
  });

  it('pages through a list in chunks with limit and continue', async () => {
    const result = await kubectl.run(['get', 'pods', '-n', 'shop', '--chunk-size=1', '-o', 'name', '-v=6']);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/GET .*\/pods\?.*limit=1/g)?.length).toBe(3);
    expect(result.stderr).toMatch(/continue=/);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(new Set(lines).size).toBe(3);
  });

  it('explains kinds and nested fields from the OpenAPI v3 documents', async () => {
    const explained = await kubectl.ok(['explain', 'deployment.spec.template.spec.containers.ports']);
    expect(explained).toContain('KIND:       Deployment');
    expect(explained).toContain('containerPort\t<integer> -required-');
    const pod = await kubectl.ok(['explain', 'pods']);
    expect(pod).toMatch(/Pod is a collection of containers/);
  });

  it('describes a pod with its node, conditions and the events the scheduler and kubelet recorded', async () => {
    const name = (await kubectl.ok(['get', 'pods', '-n', 'shop', '-o', 'name'])).trim().split('\n')[0]!;
    const output = await kubectl.ok(['describe', name, '-n', 'shop']);
    expect(output).toMatch(/Node:\s+fake-(control-plane|worker-1)\/10\.0\.0\.\d+/);
    expect(output).toMatch(/Controlled By:\s+ReplicaSet\/cart-/);
    expect(output).toMatch(/Ready\s+True/);
    for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) expect(output).toContain(reason);
  });

  it('describes a deployment with its new ReplicaSet and ScalingReplicaSet event', async () => {
    const output = await kubectl.ok(['describe', 'deployment', 'cart', '-n', 'shop']);
    expect(output).toMatch(/NewReplicaSet:\s+cart-\w+ \(3\/3 replicas created\)/);
    expect(output).toMatch(/ScalingReplicaSet\s+.*Scaled up replica set cart-\w+ from 0 to 3/);
    expect(output).toMatch(/Available\s+True\s+MinimumReplicasAvailable/);
  });

  it('describes a Service with the endpoints of its ready pods', async () => {
    await kubectl.ok(['expose', 'deployment', 'cart', '-n', 'shop', '--port=80', '--target-port=8080']);
    const output = await kubectl.ok(['describe', 'service', 'cart', '-n', 'shop']);
    const endpoints = /Endpoints:\s+(\S+)/.exec(output)?.[1]?.split(',') ?? [];
    expect(endpoints).toHaveLength(3);
    expect(endpoints.every((endpoint) => /^10\.244\.\d+\.\d+:8080$/.test(endpoint))).toBe(true);
    expect(
      await kubectl.ok(['get', 'endpointslices', '-n', 'shop', '-l', 'kubernetes.io/service-name=cart', '-o', 'name']),
    ).toContain('endpointslice.discovery.k8s.io/cart-slice');
  });

  it('serves core and events.k8s.io events from the same store', async () => {
    const core = await kubectl.ok([
      'get',
      'events',
      '-n',
      'shop',
      '--field-selector',
      'reason=ScalingReplicaSet',
      '-o',
      'name',
    ]);
    const modern = await kubectl.ok([
      'get',
      'events.v1.events.k8s.io',
      '-n',
      'shop',
      '-o',
      'jsonpath={.items[?(@.reason=="ScalingReplicaSet")].note}',
    ]);
    expect(core.trim().split('\n')).toHaveLength(1);
    expect(modern).toMatch(/Scaled up replica set cart-\w+ from 0 to 3/);
  });

  it('streams changes to kubectl get --watch', async () => {
    const watch = kubectl.spawn(['get', 'configmaps', '-n', 'shop', '--watch', '--output-watch-events']);
    await eventually(() => watch.output().includes('kube-root-ca.crt'));
    await kubectl.ok(['create', '-f', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\n  namespace: shop\ndata:\n  a: "1"\n',
    });
    await kubectl.ok(['delete', 'configmap', 'watched', '-n', 'shop']);
    await eventually(() => /DELETED\s+watched/.test(watch.output()));
    expect(watch.output()).toMatch(/ADDED\s+watched\s+1/);
    watch.child.kill();
    await watch.exited;
  });

  it('reports pod and node usage through metrics.k8s.io for kubectl top', async () => {
    const name = (await kubectl.ok(['get', 'pods', '-n', 'shop', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    server.setPodMetrics('shop', name, { main: { cpu: '123m', memory: '45Mi' } });
    const top = await kubectl.ok(['top', 'pod', name, '-n', 'shop']);
    expect(top).toMatch(new RegExp(`${name}\\s+123m\\s+45Mi`));
    const nodes = await kubectl.ok(['top', 'nodes']);
    expect(nodes).toContain('fake-control-plane');
  });
});
