import { isRecord, numberAt, recordAt, recordsAt, stringAt, type Json } from './json.js';
import { podContainers, podPhase, type ContainerRow } from './pod-status.js';

/** What describe adds for a kind it knows: scalars for the summary, and containers for pods. */
export interface KindDetails {
  summary: Record<string, string>;
  containers?: ContainerRow[];
}

const labels = (value: unknown): string =>
  isRecord(value)
    ? Object.entries(value)
        .map(([key, v]) => `${key}=${String(v)}`)
        .join(',') || '<none>'
    : '<none>';

const images = (object: Json): string =>
  recordsAt(object, 'spec.template.spec.containers')
    .map((c) => stringAt(c, 'image'))
    .join(',');

function workload(object: Json): Record<string, string> {
  const desired = numberAt(object, 'spec.replicas', 1);
  return {
    replicas: `${desired} desired, ${numberAt(object, 'status.updatedReplicas')} updated, ${numberAt(object, 'status.readyReplicas')} ready, ${numberAt(object, 'status.availableReplicas')} available`,
    selector: labels(recordAt(object, 'spec.selector').matchLabels),
    images: images(object),
  };
}

function revisionOf(object: Json): string {
  const revision = recordAt(object, 'metadata.annotations')['deployment.kubernetes.io/revision'];
  return typeof revision === 'string' ? revision : '<none>';
}

const byKind: Record<string, (object: Json) => KindDetails> = {
  Pod: (pod) => ({
    summary: {
      status: podPhase(pod),
      node: stringAt(pod, 'spec.nodeName', '<none>'),
      ip: stringAt(pod, 'status.podIP', '<none>'),
      qos: stringAt(pod, 'status.qosClass', '<none>'),
      serviceAccount: stringAt(pod, 'spec.serviceAccountName', 'default'),
    },
    containers: podContainers(pod),
  }),
  Deployment: (object) => ({
    summary: {
      ...workload(object),
      strategy: stringAt(object, 'spec.strategy.type', 'RollingUpdate'),
      revision: revisionOf(object),
      paused: String(object.spec !== undefined && recordAt(object, 'spec').paused === true),
    },
  }),
  StatefulSet: (object) => ({ summary: { ...workload(object), serviceName: stringAt(object, 'spec.serviceName') } }),
  ReplicaSet: (object) => ({ summary: workload(object) }),
  DaemonSet: (object) => ({
    summary: {
      pods: `${numberAt(object, 'status.desiredNumberScheduled')} desired, ${numberAt(object, 'status.updatedNumberScheduled')} updated, ${numberAt(object, 'status.numberReady')} ready, ${numberAt(object, 'status.numberAvailable')} available`,
      images: images(object),
    },
  }),
  Job: (object) => ({
    summary: {
      completions: `${numberAt(object, 'status.succeeded')}/${numberAt(object, 'spec.completions', 1)}`,
      active: String(numberAt(object, 'status.active')),
      failed: String(numberAt(object, 'status.failed')),
    },
  }),
  Service: (object) => ({
    summary: {
      type: stringAt(object, 'spec.type', 'ClusterIP'),
      clusterIP: stringAt(object, 'spec.clusterIP', '<none>'),
      ports: recordsAt(object, 'spec.ports')
        .map(
          (port) =>
            `${numberAt(port, 'port')}→${stringAt(port, 'targetPort') || numberAt(port, 'port')}/${stringAt(port, 'protocol', 'TCP')}`,
        )
        .join(','),
      selector: labels(recordAt(object, 'spec').selector),
    },
  }),
  Node: (node) => ({
    summary: {
      schedulable: String(recordAt(node, 'spec').unschedulable !== true),
      taints:
        recordsAt(node, 'spec.taints')
          .map((t) => `${stringAt(t, 'key')}:${stringAt(t, 'effect')}`)
          .join(',') || '<none>',
      cpu: `${stringAt(node, 'status.allocatable.cpu')} allocatable of ${stringAt(node, 'status.capacity.cpu')}`,
      memory: `${stringAt(node, 'status.allocatable.memory')} allocatable of ${stringAt(node, 'status.capacity.memory')}`,
      kubelet: stringAt(node, 'status.nodeInfo.kubeletVersion'),
    },
  }),
};

/** The kind-specific part of describe; empty for kinds without one. */
export function kindDetails(object: Json): KindDetails {
  const details = byKind[stringAt(object, 'kind')];
  return details === undefined ? { summary: {} } : details(object);
}

/** `app=web,tier=front`, or `<none>`. */
export const formatLabels = labels;
