import { type Cluster, controllerReference, controllerUid } from './cluster.js';
import { type Controller } from './controller.js';
import {
  copiedAnnotations,
  revisionAnnotation,
  revisionHistoryAnnotation,
  revisionOf,
  rollingLimits,
  sameTemplate,
  templateHash,
  templateHashLabel,
} from './deployment-util.js';
import { writeDeploymentStatus } from './deployment-status.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asNumber, asObject, asString, clone, getIn } from '../util/object.js';

const manager = 'deployment-controller';

function replicasOf(rs: JsonObject): number {
  return asNumber(getIn(rs, ['spec', 'replicas']));
}

/**
 * Rolls Deployments out through ReplicaSets like the real controller: one
 * ReplicaSet per template (pod-template-hash), revision annotations that
 * rollout history and undo read, RollingUpdate within maxSurge and
 * maxUnavailable, Recreate, history pruning and ScalingReplicaSet events.
 */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
  private readonly ownerByUid = new Map<string, string>();

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    const name = asString(getIn(event.object, ['metadata', 'name']));
    if (event.storage === 'apps/deployments') {
      const uid = asString(getIn(event.object, ['metadata', 'uid']));
      if (event.type === 'DELETED') this.ownerByUid.delete(uid);
      else this.ownerByUid.set(uid, `${event.namespace}/${name}`);
      return event.type === 'DELETED' ? [] : [`${event.namespace}/${name}`];
    }
    if (event.storage === 'apps/replicasets') {
      const owner = controllerUid(event.object);
      const key = owner === undefined ? undefined : this.ownerByUid.get(owner);
      return key === undefined ? [] : [key];
    }
    return [];
  }

  sync(namespace: string, name: string): void {
    const deployment = this.cluster.get('apps', 'Deployment', namespace, name);
    if (deployment === undefined || getIn(deployment, ['metadata', 'deletionTimestamp']) !== undefined) return;
    const all = this.cluster.owned('apps', 'ReplicaSet', namespace, asString(getIn(deployment, ['metadata', 'uid'])));
    if (getIn(deployment, ['spec', 'paused']) === true) {
      writeDeploymentStatus(
        this.cluster,
        deployment,
        all,
        all.find((rs) => sameTemplate(getIn(rs, ['spec', 'template']), getIn(deployment, ['spec', 'template']))),
      );
      return;
    }
    const newRs = this.ensureNewReplicaSet(deployment, all);
    const replicaSets = all.some(
      (rs) => asString(getIn(rs, ['metadata', 'uid'])) === asString(getIn(newRs, ['metadata', 'uid'])),
    )
      ? all
      : [...all, newRs];
    const old = replicaSets.filter(
      (rs) =>
        rs !== newRs && asString(getIn(rs, ['metadata', 'name'])) !== asString(getIn(newRs, ['metadata', 'name'])),
    );
    if (asString(getIn(deployment, ['spec', 'strategy', 'type'])) === 'Recreate') this.recreate(deployment, newRs, old);
    else this.rollingUpdate(deployment, newRs, old);
    this.pruneHistory(deployment, old);
    const fresh = this.cluster.owned('apps', 'ReplicaSet', namespace, asString(getIn(deployment, ['metadata', 'uid'])));
    writeDeploymentStatus(
      this.cluster,
      this.cluster.get('apps', 'Deployment', namespace, name) ?? deployment,
      fresh,
      fresh.find((rs) => asString(getIn(rs, ['metadata', 'name'])) === asString(getIn(newRs, ['metadata', 'name']))),
    );
  }

  private ensureNewReplicaSet(deployment: JsonObject, all: JsonObject[]): JsonObject {
    const template = getIn(deployment, ['spec', 'template']);
    const maxRevision = Math.max(0, ...all.map(revisionOf));
    const existing = all.find((rs) => sameTemplate(getIn(rs, ['spec', 'template']), template));
    if (existing !== undefined) {
      const revision = revisionOf(existing);
      if (revision < maxRevision) return this.reviveOld(deployment, existing, maxRevision + 1);
      this.setDeploymentRevision(deployment, revision);
      return this.syncAnnotations(deployment, existing);
    }
    return this.createReplicaSet(deployment, maxRevision + 1);
  }

  /** The new ReplicaSet follows the Deployment's annotations (kubernetes.io/change-cause is what rollout history shows). */
  private syncAnnotations(deployment: JsonObject, rs: JsonObject): JsonObject {
    const wanted = copiedAnnotations(deployment);
    const current = asObject(getIn(rs, ['metadata', 'annotations']));
    if (Object.entries(wanted).every(([key, value]) => current[key] === value)) return rs;
    return this.cluster.update(
      rs,
      (copy) => {
        asObject(copy.metadata).annotations = { ...current, ...wanted };
      },
      manager,
    );
  }

  private reviveOld(deployment: JsonObject, rs: JsonObject, revision: number): JsonObject {
    const history = [
      asString(getIn(rs, ['metadata', 'annotations', revisionHistoryAnnotation])),
      String(revisionOf(rs)),
    ]
      .filter((part) => part !== '')
      .join(',');
    const updated = this.cluster.update(
      rs,
      (copy) => {
        const annotations = asObject(getIn(copy, ['metadata', 'annotations']));
        Object.assign(annotations, copiedAnnotations(deployment), {
          [revisionAnnotation]: String(revision),
          [revisionHistoryAnnotation]: history,
        });
        asObject(copy.metadata).annotations = annotations;
      },
      manager,
    );
    this.setDeploymentRevision(deployment, revision);
    return updated;
  }

  private createReplicaSet(deployment: JsonObject, revision: number): JsonObject {
    const name = asString(getIn(deployment, ['metadata', 'name']));
    const namespace = asString(getIn(deployment, ['metadata', 'namespace']));
    const hash = templateHash(
      getIn(deployment, ['spec', 'template']),
      asNumber(getIn(deployment, ['status', 'collisionCount'])),
    );
    const template = clone(asObject(getIn(deployment, ['spec', 'template'])));
    const templateMeta = asObject(template.metadata);
    templateMeta.labels = { ...asObject(templateMeta.labels), [templateHashLabel]: hash };
    template.metadata = templateMeta;
    const selector = clone(asObject(getIn(deployment, ['spec', 'selector'])));
    selector.matchLabels = { ...asObject(selector.matchLabels), [templateHashLabel]: hash };
    const desired = asNumber(getIn(deployment, ['spec', 'replicas']), 1);
    const rs = this.cluster.create(
      'apps',
      'ReplicaSet',
      namespace,
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          labels: templateMeta.labels,
          annotations: {
            ...copiedAnnotations(deployment),
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/max-replicas': String(desired + rollingLimits(deployment).surge),
            [revisionAnnotation]: String(revision),
          },
          ownerReferences: [controllerReference(deployment)],
        },
        spec: {
          replicas: 0,
          minReadySeconds: asNumber(getIn(deployment, ['spec', 'minReadySeconds'])),
          selector,
          template,
        },
      },
      manager,
    );
    this.setDeploymentRevision(deployment, revision);
    return rs;
  }

  private setDeploymentRevision(deployment: JsonObject, revision: number): void {
    if (asString(getIn(deployment, ['metadata', 'annotations', revisionAnnotation])) === String(revision)) return;
    this.cluster.update(
      this.cluster.get(
        'apps',
        'Deployment',
        asString(getIn(deployment, ['metadata', 'namespace'])),
        asString(getIn(deployment, ['metadata', 'name'])),
      ) ?? deployment,
      (copy) => {
        const meta = asObject(copy.metadata);
        meta.annotations = { ...asObject(meta.annotations), [revisionAnnotation]: String(revision) };
      },
      manager,
    );
  }

  private scale(deployment: JsonObject, rs: JsonObject, replicas: number): void {
    const from = replicasOf(rs);
    if (from === replicas) return;
    const current =
      this.cluster.get(
        'apps',
        'ReplicaSet',
        asString(getIn(rs, ['metadata', 'namespace'])),
        asString(getIn(rs, ['metadata', 'name'])),
      ) ?? rs;
    this.cluster.update(
      current,
      (copy) => {
        asObject(copy.spec).replicas = replicas;
        const annotations = asObject(getIn(copy, ['metadata', 'annotations']));
        annotations['deployment.kubernetes.io/desired-replicas'] = String(
          asNumber(getIn(deployment, ['spec', 'replicas']), 1),
        );
        asObject(copy.metadata).annotations = annotations;
      },
      manager,
    );
    const direction = replicas > from ? 'up' : 'down';
    this.cluster.recordEvent(deployment, {
      reason: 'ScalingReplicaSet',
      message: `Scaled ${direction} replica set ${asString(getIn(rs, ['metadata', 'name']))} from ${from} to ${replicas}`,
      component: manager,
    });
  }

  private recreate(deployment: JsonObject, newRs: JsonObject, old: JsonObject[]): void {
    const oldActive = old.filter((rs) => replicasOf(rs) > 0 || asNumber(getIn(rs, ['status', 'replicas'])) > 0);
    for (const rs of oldActive) this.scale(deployment, rs, 0);
    if (oldActive.length === 0) this.scale(deployment, newRs, asNumber(getIn(deployment, ['spec', 'replicas']), 1));
  }

  private rollingUpdate(deployment: JsonObject, newRs: JsonObject, old: JsonObject[]): void {
    const desired = asNumber(getIn(deployment, ['spec', 'replicas']), 1);
    const { surge, unavailable } = rollingLimits(deployment);
    const total = replicasOf(newRs) + old.reduce((sum, rs) => sum + replicasOf(rs), 0);
    if (replicasOf(newRs) > desired) this.scale(deployment, newRs, desired);
    else if (replicasOf(newRs) < desired && total < desired + surge) {
      this.scale(deployment, newRs, Math.min(desired, replicasOf(newRs) + (desired + surge - total)));
    }
    const available = [newRs, ...old].reduce(
      (sum, rs) => sum + asNumber(getIn(rs, ['status', 'availableReplicas'])),
      0,
    );
    let allowed = available - (desired - unavailable);
    // Old replicas that are not available can always go: they serve nothing.
    const oldest = [...old].sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of oldest) {
      const unhealthy = replicasOf(rs) - asNumber(getIn(rs, ['status', 'availableReplicas']));
      const reduction = Math.min(replicasOf(rs), Math.max(0, unhealthy) + Math.max(0, allowed));
      if (reduction <= 0) continue;
      allowed -= Math.max(0, reduction - Math.max(0, unhealthy));
      this.scale(deployment, rs, replicasOf(rs) - reduction);
    }
  }

  private pruneHistory(deployment: JsonObject, old: JsonObject[]): void {
    const limit = asNumber(getIn(deployment, ['spec', 'revisionHistoryLimit']), 10);
    const idle = old
      .filter((rs) => replicasOf(rs) === 0 && asNumber(getIn(rs, ['status', 'replicas'])) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) this.cluster.delete(rs, manager);
  }
}
