import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { templateHash } from './deployment-util.js';
import { OwnerIndex } from './owner-index.js';
import { isPodReady } from './pod-lifecycle.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asNumber, asString, getIn } from '../util/object.js';

const manager = 'statefulset-controller';
const revisionLabel = 'controller-revision-hash';

function ordinalOf(pod: JsonObject, setName: string): number {
  return Number(asString(getIn(pod, ['metadata', 'name'])).slice(setName.length + 1));
}

/** StatefulSets: stable pod names set-0..set-N-1 created in order, scaled down from the top, updated from the top. */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  private readonly owners = new OwnerIndex('apps/statefulsets', '/pods');

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    return this.owners.keysFor(event);
  }

  sync(namespace: string, name: string): void {
    const set = this.cluster.get('apps', 'StatefulSet', namespace, name);
    if (set === undefined || getIn(set, ['metadata', 'deletionTimestamp']) !== undefined) return;
    const desired = asNumber(getIn(set, ['spec', 'replicas']), 1);
    const revision = `${name}-${templateHash(getIn(set, ['spec', 'template']), 0)}`;
    const pods = this.cluster
      .owned('', 'Pod', namespace, asString(getIn(set, ['metadata', 'uid'])))
      .sort((a, b) => ordinalOf(a, name) - ordinalOf(b, name));
    const ordered = asString(getIn(set, ['spec', 'podManagementPolicy']), 'OrderedReady') === 'OrderedReady';
    this.step(set, pods, desired, revision, ordered);
    const fresh = this.cluster.owned('', 'Pod', namespace, asString(getIn(set, ['metadata', 'uid'])));
    this.writeStatus(set, fresh, revision);
  }

  private step(set: JsonObject, pods: JsonObject[], desired: number, revision: string, ordered: boolean): void {
    const name = asString(getIn(set, ['metadata', 'name']));
    const existing = new Set(pods.map((pod) => ordinalOf(pod, name)));
    for (let ordinal = 0; ordinal < desired; ordinal++) {
      if (existing.has(ordinal)) {
        const pod = pods.find((candidate) => ordinalOf(candidate, name) === ordinal);
        if (ordered && pod !== undefined && !isPodReady(pod)) return;
        continue;
      }
      this.createPod(set, ordinal, revision);
      if (ordered) return;
    }
    const extra = pods.filter((pod) => ordinalOf(pod, name) >= desired).reverse();
    for (const pod of ordered ? extra.slice(0, 1) : extra) this.deletePod(set, pod);
    if (extra.length > 0 || !pods.every(isPodReady)) return;
    const outdated = [...pods]
      .reverse()
      .find((pod) => asString(getIn(pod, ['metadata', 'labels', revisionLabel])) !== revision);
    if (outdated !== undefined) this.deletePod(set, outdated);
  }

  private createPod(set: JsonObject, ordinal: number, revision: string): void {
    const name = asString(getIn(set, ['metadata', 'name']));
    const podName = `${name}-${ordinal}`;
    const serviceName = asString(getIn(set, ['spec', 'serviceName']));
    this.cluster.createPodFor(set, manager, {
      name: podName,
      labels: {
        [revisionLabel]: revision,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
      spec: { hostname: podName, ...(serviceName === '' ? {} : { subdomain: serviceName }) },
      message: `create Pod ${podName} in StatefulSet ${name} successful`,
    });
  }

  private deletePod(set: JsonObject, pod: JsonObject): void {
    this.cluster.delete(pod, manager);
    const podName = asString(getIn(pod, ['metadata', 'name']));
    this.cluster.recordEvent(set, {
      reason: 'SuccessfulDelete',
      message: `delete Pod ${podName} in StatefulSet ${asString(getIn(set, ['metadata', 'name']))} successful`,
      component: manager,
    });
  }

  private writeStatus(set: JsonObject, pods: JsonObject[], revision: string): void {
    const ready = pods.filter(isPodReady).length;
    const updated = pods.filter(
      (pod) => asString(getIn(pod, ['metadata', 'labels', revisionLabel])) === revision,
    ).length;
    const desired = asNumber(getIn(set, ['spec', 'replicas']), 1);
    const done = updated === desired && pods.length === desired;
    const previousCurrent = asString(getIn(set, ['status', 'currentRevision']), revision);
    const status: JsonObject = {
      observedGeneration: asNumber(getIn(set, ['metadata', 'generation']), 1),
      replicas: pods.length,
      readyReplicas: ready,
      currentReplicas: done ? pods.length : pods.length - updated,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision: done ? revision : previousCurrent,
      updateRevision: revision,
      collisionCount: 0,
    };
    for (const key of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
      if (status[key] === 0) delete status[key];
    if (JSON.stringify(status) === JSON.stringify(set.status)) return;
    this.cluster.update(
      set,
      (copy) => {
        copy.status = status;
      },
      manager,
      'status',
    );
  }
}
