import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { type Kubectl, eventually, kubectlFor } from './support/kubectl.js';
import { deploymentYaml, namespaceYaml } from './support/manifests.js';

let server: FakeKubeApiServer;
let kubectl: Kubectl;

beforeAll(async () => {
  // Pods take a moment to become ready, so rollout status has progress to watch even when kubectl starts slowly on a busy machine.
  // kubectl must see replicas still starting: on a loaded CI machine one kubectl run can take over a second.
  server = await startFakeKubeApiServer({ nodes: 2, podStartDelayMs: 3000 });
  kubectl = kubectlFor(server);
  await kubectl.ok(['apply', '-f', '-'], { stdin: namespaceYaml('rollouts') });
});

afterAll(async () => {
  // Every suite doubles as a check that the controllers never failed behind the scenes.
  expect(server.controllerErrors()).toEqual([]);
  kubectl.dispose();
  await server.close();
});

const ns = ['-n', 'rollouts'];

function images(output: string): string[] {
  return output
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
}

describe('kubectl rollout against the fake', () => {
  it('waits in rollout status until every new replica is available', async () => {
    await kubectl.ok(['apply', ...ns, '-f', '-'], {
      stdin: deploymentYaml({ name: 'shop', namespace: 'rollouts', replicas: 3, image: 'shop:1.0' }),
    });
    const status = await kubectl.ok(['rollout', 'status', 'deployment/shop', ...ns, '--timeout=60s']);
    expect(status).toContain(
      'Waiting for deployment "shop" rollout to finish: 0 of 3 updated replicas are available...',
    );
    expect(status.trim().split('\n').at(-1)).toBe('deployment "shop" successfully rolled out');
    const deployment = server.objects.get('apps/v1', 'Deployment', 'rollouts', 'shop');
    expect(deployment?.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
  });

  it('rolls a new template out through a second ReplicaSet and scales the old one to zero', async () => {
    await kubectl.ok(['set', 'image', 'deployment/shop', 'main=shop:2.0', ...ns]);
    await kubectl.ok(['annotate', 'deployment/shop', 'kubernetes.io/change-cause=ship 2.0', ...ns]);
    const status = await kubectl.ok(['rollout', 'status', 'deployment/shop', ...ns, '--timeout=60s']);
    expect(status).toMatch(
      /Waiting for deployment "shop" rollout to finish: \d out of 3 new replicas have been updated|old replicas are pending termination/,
    );
    const replicaSets = await kubectl.ok([
      'get',
      'rs',
      ...ns,
      '-l',
      'app=shop',
      '-o',
      'jsonpath={range .items[*]}{.spec.replicas}:{.spec.template.spec.containers[0].image}:{.metadata.annotations.deployment\\.kubernetes\\.io/revision} {end}',
    ]);
    expect(images(replicaSets).sort()).toEqual(['0:shop:1.0:1', '3:shop:2.0:2']);
    const pods = await kubectl.ok([
      'get',
      'pods',
      ...ns,
      '-l',
      'app=shop',
      '-o',
      'jsonpath={.items[*].spec.containers[0].image}',
    ]);
    expect(images(pods)).toEqual(['shop:2.0', 'shop:2.0', 'shop:2.0']);
  });

  it('lists revisions with their change causes and shows one revision in detail', async () => {
    const history = await kubectl.ok(['rollout', 'history', 'deployment/shop', ...ns]);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+ship 2\.0/);
    const detail = await kubectl.ok(['rollout', 'history', 'deployment/shop', ...ns, '--revision=1']);
    expect(detail).toContain('deployment.apps/shop with revision #1');
    expect(detail).toMatch(/Image:\s+shop:1\.0/);
  });

  it('undoes to the previous revision by reviving its ReplicaSet under a new revision number', async () => {
    const output = await kubectl.ok(['rollout', 'undo', 'deployment/shop', ...ns]);
    expect(output.trim()).toBe('deployment.apps/shop rolled back');
    await kubectl.ok(['rollout', 'status', 'deployment/shop', ...ns, '--timeout=60s']);
    const image = await kubectl.ok([
      'get',
      'deployment/shop',
      ...ns,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    expect(image).toBe('shop:1.0');
    const replicaSets = server.objects.list('apps/v1', 'ReplicaSet', 'rollouts');
    expect(replicaSets).toHaveLength(2);
    const history = await kubectl.ok(['rollout', 'history', 'deployment/shop', ...ns]);
    expect(history).toMatch(/2\s+ship 2\.0\n3\s+<none>/);
    expect(history).not.toMatch(/^1\s/m);
  });

  it('undoes to an explicit revision with --to-revision', async () => {
    await kubectl.ok(['rollout', 'undo', 'deployment/shop', ...ns, '--to-revision=2']);
    await kubectl.ok(['rollout', 'status', 'deployment/shop', ...ns, '--timeout=60s']);
    const image = await kubectl.ok([
      'get',
      'deployment/shop',
      ...ns,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    expect(image).toBe('shop:2.0');
    const annotation = await kubectl.ok([
      'get',
      'deployment/shop',
      ...ns,
      '-o',
      'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
    ]);
    expect(annotation).toBe('4');
  });

  it('reports a rollout that cannot finish because an image does not pull', async () => {
    await kubectl.ok(['set', 'image', 'deployment/shop', 'main=shop:does-not-exist', ...ns]);
    const stuck = await kubectl.run(['rollout', 'status', 'deployment/shop', ...ns, '--timeout=3s']);
    expect(stuck.code).not.toBe(0);
    expect(stuck.stdout).toContain(
      'Waiting for deployment "shop" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    const pods = await kubectl.ok(['get', 'pods', ...ns, '-l', 'app=shop']);
    expect(pods).toMatch(/0\/1\s+ImagePullBackOff/);
    const available = await kubectl.ok(['get', 'deployment/shop', ...ns, '-o', 'jsonpath={.status.availableReplicas}']);
    expect(available).toBe('3');
  });

  it('rolls out a StatefulSet in ordinal order and reports it ready', async () => {
    const manifest = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: rollouts}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: postgres, image: "postgres:16"}]
`;
    await kubectl.ok(['apply', '-f', '-'], { stdin: manifest });
    const status = await kubectl.ok(['rollout', 'status', 'statefulset/db', ...ns, '--timeout=60s']);
    // apps/v1 defaults updateStrategy.rollingUpdate.partition to 0, so kubectl reports a partitioned rollout.
    expect(status).toContain('Waiting for 3 pods to be ready...');
    expect(status).toContain('partitioned roll out complete: 3 new pods have been updated...');
    const names = await kubectl.ok(['get', 'pods', ...ns, '-l', 'app=db', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(images(names)).toEqual(['db-0', 'db-1', 'db-2']);
    const table = await kubectl.ok(['get', 'sts', 'db', ...ns]);
    expect(table).toMatch(/db\s+3\/3/);
  });

  it('runs a DaemonSet pod on every node and a Job to completion', async () => {
    const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: rollouts}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "agent:1"}]
`;
    await kubectl.ok(['apply', '-f', '-'], { stdin: daemonSet });
    await kubectl.ok(['rollout', 'status', 'daemonset/agent', ...ns, '--timeout=60s']);
    const nodes = await kubectl.ok([
      'get',
      'pods',
      ...ns,
      '-l',
      'app=agent',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ]);
    expect(images(nodes).sort()).toEqual(['fake-control-plane', 'fake-worker-1']);
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: rollouts}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: "migrate:1"}]
`;
    await kubectl.ok(['apply', '-f', '-'], { stdin: job });
    await kubectl.ok(['wait', '--for=condition=complete', 'job/migrate', ...ns, '--timeout=60s']);
    const jobs = await kubectl.ok(['get', 'jobs', ...ns]);
    expect(jobs).toMatch(/migrate\s+Complete\s+1\/1/);
  });

  it('drains a node: cordons it, evicts its pods, and the ReplicaSet replaces them elsewhere', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: deploymentYaml({ name: 'spread', namespace: 'rollouts', replicas: 4, image: 'spread:1' }),
    });
    await kubectl.ok(['rollout', 'status', 'deployment/spread', ...ns, '--timeout=60s']);
    const output = await kubectl.ok(['drain', 'fake-worker-1', '--ignore-daemonsets', '--timeout=60s']);
    expect(output).toContain('node/fake-worker-1 cordoned');
    expect(output).toContain('node/fake-worker-1 drained');
    expect(await kubectl.ok(['get', 'node', 'fake-worker-1'])).toMatch(/Ready,SchedulingDisabled/);
    await kubectl.ok(['rollout', 'status', 'deployment/spread', ...ns, '--timeout=60s']);
    const nodes = await kubectl.ok([
      'get',
      'pods',
      ...ns,
      '-l',
      'app=spread',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ]);
    expect(images(nodes)).toEqual([
      'fake-control-plane',
      'fake-control-plane',
      'fake-control-plane',
      'fake-control-plane',
    ]);
    await kubectl.ok(['uncordon', 'fake-worker-1']);
  });

  it('runs a CronJob when its schedule comes due and records the last schedule and success', async () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: tick, namespace: rollouts}
spec:
  schedule: "@every 2s"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: tick, image: "tick:1"}]
`;
    await kubectl.ok(['apply', '-f', '-'], { stdin: cronJob });
    await eventually(
      () =>
        server.objects
          .list('batch/v1', 'Job', 'rollouts')
          .some((job) => (job.metadata as { name: string }).name.startsWith('tick-')),
      30_000,
    );
    const job = server.objects
      .list('batch/v1', 'Job', 'rollouts')
      .find((candidate) => (candidate.metadata as { name: string }).name.startsWith('tick-'))!;
    const jobName = (job.metadata as { name: string }).name;
    await kubectl.ok(['wait', '--for=condition=complete', `job/${jobName}`, ...ns, '--timeout=60s']);
    await eventually(
      async () =>
        (await kubectl.ok(['get', 'cronjob', 'tick', ...ns, '-o', 'jsonpath={.status.lastSuccessfulTime}'])) !== '',
      30_000,
    );
    const table = await kubectl.ok(['get', 'cronjob', 'tick', ...ns]);
    expect(table).toMatch(/tick\s+@every 2s\s+<none>\s+False\s+\d\s+\d+s/);
    expect(await kubectl.ok(['describe', 'cronjob', 'tick', ...ns])).toContain(`Created job ${jobName}`);
    await kubectl.ok(['patch', 'cronjob', 'tick', ...ns, '-p', '{"spec":{"suspend":true}}']);
  });
});
