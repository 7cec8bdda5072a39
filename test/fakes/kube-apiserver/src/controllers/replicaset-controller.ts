import { type Cluster, controllerUid } from './cluster.js';
import { type Controller } from './controller.js';
import { isPodReady } from './pod-lifecycle.js';
import { randomSuffix } from '../api/served-form.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asNumber, asObject, asString, getIn } from '../util/object.js';

const manager = 'replicaset-controller';

function isActive(pod: JsonObject): boolean {
  const phase = asString(getIn(pod, ['status', 'phase']));
  return getIn(pod, ['metadata', 'deletionTimestamp']) === undefined && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Deletion preference of the real controller: unscheduled, then pending, then not ready, then newest first. */
function deletionRank(pod: JsonObject): number {
  if (asString(getIn(pod, ['spec', 'nodeName'])) === '') return 0;
  if (asString(getIn(pod, ['status', 'phase'])) === 'Pending') return 1;
  return isPodReady(pod) ? 3 : 2;
}

/** Keeps each ReplicaSet's pod count at spec.replicas and reports replicas, ready and available counts. */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  private readonly ownerByUid = new Map<string, string>();

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    const name = asString(getIn(event.object, ['metadata', 'name']));
    if (event.storage === 'apps/replicasets') {
      const uid = asString(getIn(event.object, ['metadata', 'uid']));
      if (event.type === 'DELETED') this.ownerByUid.delete(uid);
      else this.ownerByUid.set(uid, `${event.namespace}/${name}`);
      return event.type === 'DELETED' ? [] : [`${event.namespace}/${name}`];
    }
    if (event.storage === '/pods') {
      const owner = controllerUid(event.object);
      const key = owner === undefined ? undefined : this.ownerByUid.get(owner);
      return key === undefined ? [] : [key];
    }
    return [];
  }

  sync(namespace: string, name: string): void {
    const rs = this.cluster.get('apps', 'ReplicaSet', namespace, name);
    if (rs === undefined || getIn(rs, ['metadata', 'deletionTimestamp']) !== undefined) return;
    const uid = asString(getIn(rs, ['metadata', 'uid']));
    let pods = this.cluster.owned('', 'Pod', namespace, uid).filter(isActive);
    const desired = asNumber(getIn(rs, ['spec', 'replicas']), 1);
    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i++) pods.push(this.createPod(rs));
    } else if (pods.length > desired) {
      const victims = [...pods]
        .sort(
          (a, b) =>
            deletionRank(a) - deletionRank(b) ||
            asString(getIn(b, ['metadata', 'creationTimestamp'])).localeCompare(
              asString(getIn(a, ['metadata', 'creationTimestamp'])),
            ),
        )
        .slice(0, pods.length - desired);
      for (const pod of victims) {
        this.cluster.delete(pod, manager);
        this.cluster.recordEvent(rs, {
          reason: 'SuccessfulDelete',
          message: `Deleted pod: ${asString(getIn(pod, ['metadata', 'name']))}`,
          component: manager,
        });
      }
      pods = pods.filter((pod) => !victims.includes(pod));
    }
    this.writeStatus(rs, pods);
  }

  private createPod(rs: JsonObject): JsonObject {
    const name = `${asString(getIn(rs, ['metadata', 'name']))}-${randomSuffix()}`;
    return this.cluster.createPodFor(rs, manager, { name });
  }

  private writeStatus(rs: JsonObject, pods: JsonObject[]): void {
    const ready = pods.filter(isPodReady).length;
    const status = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: asNumber(getIn(rs, ['metadata', 'generation']), 1),
    };
    const current = asObject(rs.status);
    if (
      Object.entries(status).every(([key, value]) => (current[key] ?? 0) === value) &&
      current.observedGeneration !== undefined
    )
      return;
    this.cluster.update(
      rs,
      (copy) => {
        copy.status = { ...status, ...(ready === 0 ? { readyReplicas: undefined, availableReplicas: undefined } : {}) };
        if (pods.length === 0) asObject(copy.status).fullyLabeledReplicas = undefined;
      },
      manager,
      'status',
    );
  }
}
