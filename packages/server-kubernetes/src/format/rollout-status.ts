import { numberAt, recordAt, recordsAt, stringAt, type Json } from './json.js';

/** Whether a rollout is done, and kubectl's sentence about where it stands. */
export interface RolloutState {
  done: boolean;
  message: string;
}

/** kubectl rollout status, one look: Deployments, StatefulSets and DaemonSets. */
export function rolloutState(object: Json): RolloutState {
  const kind = stringAt(object, 'kind');
  const name = stringAt(object, 'metadata.name');
  const observed = numberAt(object, 'status.observedGeneration', -1) >= numberAt(object, 'metadata.generation', 0);
  if (!observed) return { done: false, message: `Waiting for the ${kind} spec update to be observed...` };
  if (kind === 'Deployment') return deploymentState(object, name);
  if (kind === 'DaemonSet') {
    const desired = numberAt(object, 'status.desiredNumberScheduled');
    const updated = numberAt(object, 'status.updatedNumberScheduled');
    const available = numberAt(object, 'status.numberAvailable');
    if (updated < desired)
      return {
        done: false,
        message: `Waiting for daemon set "${name}" rollout to finish: ${updated} of ${desired} updated pods are available...`,
      };
    if (available < desired)
      return {
        done: false,
        message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
      };
    return { done: true, message: `daemon set "${name}" successfully rolled out` };
  }
  const replicas = numberAt(object, 'spec.replicas', 1);
  const ready = numberAt(object, 'status.readyReplicas');
  const updated = numberAt(object, 'status.updatedReplicas');
  if (ready < replicas) return { done: false, message: `Waiting for ${replicas - ready} pods to be ready...` };
  if (stringAt(object, 'spec.updateStrategy.type', 'RollingUpdate') === 'RollingUpdate' && updated < replicas) {
    return {
      done: false,
      message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas} new pods have been updated...`,
    };
  }
  return {
    done: true,
    message: `statefulset rolling update complete ${ready} pods at revision ${stringAt(object, 'status.updateRevision')}...`,
  };
}

function deploymentState(object: Json, name: string): RolloutState {
  const progressing = recordsAt(object, 'status.conditions').find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { done: false, message: `deployment "${name}" exceeded its progress deadline` };
  const replicas = numberAt(object, 'spec.replicas', 1);
  const updated = numberAt(object, 'status.updatedReplicas');
  const total = numberAt(object, 'status.replicas');
  const available = numberAt(object, 'status.availableReplicas');
  if (recordAt(object, 'spec').paused === true) return { done: false, message: `deployment "${name}" is paused` };
  if (updated < replicas)
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    };
  if (total > updated)
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`,
    };
  if (available < updated)
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}
