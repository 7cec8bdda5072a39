import { type Cluster } from './cluster.js';
import { rollingLimits } from './deployment-util.js';
import { type JsonObject, asArray, asNumber, asObject, asString, deepEqual, getIn } from '../util/object.js';
import { formatTime } from '../util/time.js';

function sum(replicaSets: JsonObject[], path: string[]): number {
  return replicaSets.reduce((total, rs) => total + asNumber(getIn(rs, path)), 0);
}

interface ConditionSpec {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

function mergeCondition(previous: JsonObject[], wanted: ConditionSpec, now: string): JsonObject {
  const old = previous.find((entry) => entry.type === wanted.type);
  const unchanged = old !== undefined && old.status === wanted.status;
  const sameReason = unchanged && old.reason === wanted.reason && old.message === wanted.message;
  return {
    ...wanted,
    lastUpdateTime: sameReason ? old.lastUpdateTime : now,
    lastTransitionTime: unchanged ? old.lastTransitionTime : now,
  };
}

function withoutTimes(conditions: unknown): unknown {
  return asArray(conditions).map((raw) => {
    const { lastUpdateTime: _u, lastTransitionTime: _t, ...rest } = asObject(raw);
    return rest;
  });
}

/** Computes and writes a Deployment's status from its ReplicaSets, the fields `kubectl rollout status` reads. */
export function writeDeploymentStatus(
  cluster: Cluster,
  deployment: JsonObject,
  replicaSets: JsonObject[],
  newRs: JsonObject | undefined,
): void {
  const desired = asNumber(getIn(deployment, ['spec', 'replicas']), 1);
  const replicas = sum(replicaSets, ['status', 'replicas']);
  const updated = newRs === undefined ? 0 : asNumber(getIn(newRs, ['status', 'replicas']));
  const ready = sum(replicaSets, ['status', 'readyReplicas']);
  const available = sum(replicaSets, ['status', 'availableReplicas']);
  const unavailable = Math.max(0, sum(replicaSets, ['spec', 'replicas']) - available, desired - available);
  const newName = asString(getIn(newRs, ['metadata', 'name']));
  const complete =
    updated === desired &&
    replicas === updated &&
    available === updated &&
    asNumber(getIn(newRs, ['spec', 'replicas'])) === desired;
  const now = formatTime(cluster.clock.now());
  const previous = asArray(getIn(deployment, ['status', 'conditions'])).map(asObject);
  const minAvailable = desired - rollingLimits(deployment).unavailable;
  const availableCondition: ConditionSpec =
    available >= minAvailable
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        };
  const progressing: ConditionSpec = complete
    ? {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${newName}" has successfully progressed.`,
      }
    : {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${newName}" is progressing.`,
      };
  const status: JsonObject = {
    observedGeneration: asNumber(getIn(deployment, ['metadata', 'generation']), 1),
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    ...(unavailable > 0 ? { unavailableReplicas: unavailable } : {}),
    conditions: [mergeCondition(previous, availableCondition, now), mergeCondition(previous, progressing, now)],
  };
  for (const key of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'])
    if (status[key] === 0) delete status[key];
  const current = asObject(deployment.status);
  const same = Object.keys({ ...status, ...current }).every((key) =>
    key === 'conditions'
      ? deepEqual(withoutTimes(current.conditions), withoutTimes(status.conditions))
      : deepEqual(current[key], status[key]),
  );
  if (same) return;
  cluster.update(
    deployment,
    (copy) => {
      copy.status = status;
    },
    'deployment-controller',
    'status',
  );
}
