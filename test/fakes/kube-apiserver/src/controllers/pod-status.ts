import { type JsonObject, asArray, asObject, asString, getIn } from '../util/object.js';

/** A pod condition as the kubelet writes it. */
export function condition(type: string, status: boolean, now: string, reason?: string): JsonObject {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
    ...(reason ? { reason } : {}),
  };
}

/** The containers of a pod spec. */
export function containersOf(pod: JsonObject): JsonObject[] {
  return asArray(getIn(pod, ['spec', 'containers'])).map(asObject);
}

/** Status of a scheduled pod whose containers are being created. */
export function creatingStatus(pod: JsonObject, addresses: { hostIp: string; podIp: string; now: string }): JsonObject {
  const { hostIp, podIp, now } = addresses;
  return {
    ...asObject(pod.status),
    conditions: [
      condition('PodReadyToStartContainers', true, now),
      condition('Initialized', true, now),
      condition('Ready', false, now, 'ContainersNotReady'),
      condition('ContainersReady', false, now, 'ContainersNotReady'),
      condition('PodScheduled', true, now),
    ],
    hostIP: hostIp,
    hostIPs: [{ ip: hostIp }],
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: now,
    containerStatuses: containersOf(pod).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    })),
  };
}

function containerStatus(pod: JsonObject, container: JsonObject, failed: boolean, now: string): JsonObject {
  const image = asString(container.image);
  if (failed) {
    return {
      name: container.name,
      image,
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } },
      lastState: {},
    };
  }
  return {
    name: container.name,
    image,
    imageID: `${image}@sha256:${'0'.repeat(64)}`,
    containerID: `containerd://${asString(getIn(pod, ['metadata', 'uid'])).replace(/-/g, '')}${asString(container.name)}`,
    ready: true,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: now } },
    lastState: {},
  };
}

/** Status once the kubelet started the containers: Running and Ready, or Pending with ImagePullBackOff for unpullable images. */
export function startedStatus(pod: JsonObject, isBadImage: (image: string) => boolean, now: string): JsonObject {
  const containers = containersOf(pod);
  const bad = containers.filter((c) => isBadImage(asString(c.image))).map((c) => asString(c.name));
  const ready = bad.length === 0;
  const status = asObject(pod.status);
  return {
    ...status,
    phase: ready ? 'Running' : 'Pending',
    conditions: asArray(status.conditions).map((raw) => {
      const entry = asObject(raw);
      if (entry.type !== 'Ready' && entry.type !== 'ContainersReady') return entry;
      return ready
        ? condition(asString(entry.type), true, now)
        : { ...entry, message: `containers with unready status: [${bad.join(' ')}]` };
    }),
    containerStatuses: containers.map((c) => containerStatus(pod, c, bad.includes(asString(c.name)), now)),
  };
}

/** Status of a pod whose containers all exited 0 (restartPolicy Never or OnFailure). */
export function succeededStatus(pod: JsonObject, now: string): JsonObject {
  const status = asObject(pod.status);
  return {
    ...status,
    phase: 'Succeeded',
    conditions: asArray(status.conditions).map((raw) => {
      const entry = asObject(raw);
      return entry.type === 'Ready' || entry.type === 'ContainersReady'
        ? condition(asString(entry.type), false, now, 'PodCompleted')
        : entry;
    }),
    containerStatuses: asArray(status.containerStatuses).map((raw) => {
      const entry = asObject(raw);
      const startedAt = asString(getIn(entry, ['state', 'running', 'startedAt']), now);
      return {
        ...entry,
        ready: false,
        started: false,
        state: {
          terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: now, containerID: entry.containerID },
        },
      };
    }),
  };
}
