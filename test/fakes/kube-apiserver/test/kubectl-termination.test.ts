import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { type Kubectl, eventually, kubectlFor } from './support/kubectl.js';
import { deploymentYaml } from './support/manifests.js';

let server: FakeKubeApiServer;
let kubectl: Kubectl;

beforeAll(async () => {
  // Long enough that two kubectl runs after the delete still see the pod on a loaded CI machine
  // (each run can take a second or more there), short enough to keep the suite quick.
  server = await startFakeKubeApiServer({ podTerminationMs: 6000 });
  kubectl = kubectlFor(server);
  await kubectl.ok(['apply', '-f', '-'], {
    stdin: deploymentYaml({ name: 'app', namespace: 'default', replicas: 2, image: 'app:1' }),
  });
  await kubectl.ok(['rollout', 'status', 'deployment/app', '--timeout=30s']);
});

afterAll(async () => {
  expect(server.controllerErrors()).toEqual([]);
  kubectl.dispose();
  await server.close();
});

const podNames = async () =>
  (await kubectl.ok(['get', 'pods', '-l', 'app=app', '-o', 'jsonpath={.items[*].metadata.name}'])).trim().split(/\s+/);

describe('graceful pod deletion', () => {
  it('shows a deleted pod as Terminating while its replacement starts, then removes it', async () => {
    const [victim] = await podNames();
    await kubectl.ok(['delete', 'pod', victim!, '--wait=false']);
    expect(await kubectl.ok(['get', 'pod', victim!, '--no-headers'])).toMatch(/Terminating/);
    const grace = await kubectl.ok(['get', 'pod', victim!, '-o', 'jsonpath={.metadata.deletionGracePeriodSeconds}']);
    expect(grace).toBe('30');
    await eventually(async () => (await podNames()).filter((name) => name !== victim).length === 2);
    await eventually(async () => !(await podNames()).includes(victim!));
    const pods = await kubectl.ok(['get', 'pods', '-l', 'app=app', '--no-headers']);
    expect(pods.match(/Running/g)).toHaveLength(2);
  });

  it('removes a pod at once when forced with a zero grace period', async () => {
    const [victim] = await podNames();
    await kubectl.ok(['delete', 'pod', victim!, '--grace-period=0', '--force']);
    const result = await kubectl.run(['get', 'pod', victim!]);
    expect(result.stderr).toContain(`pods "${victim}" not found`);
  });

  it('returns from kubectl delete only once the terminating pod is gone', async () => {
    const [victim] = await podNames();
    await kubectl.ok(['delete', 'pod', victim!]);
    expect(server.objects.get('v1', 'Pod', 'default', victim!)).toBeUndefined();
  });
});
