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

/** What happens to a container's image on a simulated node. */
export type ImageFate = 'runs' | 'unpullable' | 'crashes';

/** How many times a crashing container has restarted by the time the pod is reported. */
const crashRestarts = 3;

function containerStatus(pod: JsonObject, container: JsonObject, fate: ImageFate, now: string): JsonObject {
  const image = asString(container.image);
  const base = { name: container.name, image, lastState: {} };
  if (fate === 'unpullable') {
    const state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
    return { ...base, imageID: '', ready: false, restartCount: 0, started: false, state };
  }
  const started = {
    imageID: `${image}@sha256:${'0'.repeat(64)}`,
    containerID: `containerd://${asString(getIn(pod, ['metadata', 'uid'])).replace(/-/g, '')}${asString(container.name)}`,
  };
  if (fate === 'crashes') {
    const message = `back-off 40s restarting failed container=${asString(container.name)} pod=${asString(getIn(pod, ['metadata', 'name']))}_${asString(getIn(pod, ['metadata', 'namespace']))}(${asString(getIn(pod, ['metadata', 'uid']))})`;
    return {
      ...base,
      ...started,
      ready: false,
      restartCount: crashRestarts,
      started: false,
      state: { waiting: { reason: 'CrashLoopBackOff', message } },
      lastState: {
        terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now, containerID: started.containerID },
      },
    };
  }
  return { ...base, ...started, ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } } };
}

/**
 * Status once the kubelet started the containers: Running and Ready; Pending
 * with ImagePullBackOff for unpullable images; Running but not Ready with
 * CrashLoopBackOff and restarts for crashing ones.
 */
export function startedStatus(pod: JsonObject, fateOf: (image: string) => ImageFate, now: string): JsonObject {
  const containers = containersOf(pod);
  const fates = new Map(containers.map((c) => [asString(c.name), fateOf(asString(c.image))]));
  const unready = [...fates].filter(([, fate]) => fate !== 'runs').map(([name]) => name);
  const pulled = ![...fates.values()].includes('unpullable');
  const status = asObject(pod.status);
  return {
    ...status,
    phase: pulled ? 'Running' : 'Pending',
    conditions: asArray(status.conditions).map((raw) => {
      const entry = asObject(raw);
      if (entry.type !== 'Ready' && entry.type !== 'ContainersReady') return entry;
      return unready.length === 0
        ? condition(asString(entry.type), true, now)
        : { ...entry, message: `containers with unready status: [${unready.join(' ')}]` };
    }),
    containerStatuses: containers.map((c) => containerStatus(pod, c, fates.get(asString(c.name)) ?? 'runs', now)),
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
