import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { type JsonObject, asArray, asObject, asString, getIn, isObject } from '../util/object.js';
import { formatTime } from '../util/time.js';

/** Timing and failure knobs of the simulated scheduler and kubelet. */
export interface PodLifecycleOptions {
  /** Delay between scheduling and containers running and ready. */
  podStartDelayMs: number;
  /** How long a pod with restartPolicy Never/OnFailure runs before it succeeds. */
  podCompletionMs: number;
  /** Images that fail to pull (the pod stays in ImagePullBackOff). */
  isBadImage(image: string): boolean;
}

function condition(type: string, status: boolean, now: string, reason?: string): JsonObject {
  return { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}) };
}

function containersOf(pod: JsonObject): JsonObject[] {
  return asArray(getIn(pod, ['spec', 'containers'])).map(asObject);
}

/**
 * The scheduler and kubelet in one loop: Pending pods get a node (round
 * robin), then ContainerCreating, then Running and Ready after a delay; pods
 * that should finish succeed; unpullable images back off. Each step records
 * the events a real cluster shows in `kubectl describe pod`.
 */
export class PodLifecycle implements Controller {
  readonly name = 'pod-lifecycle';
  private nextNode = 0;
  private nextIp = 0;
  private readonly started = new Set<string>();

  constructor(
    private readonly cluster: Cluster,
    private readonly later: (delayMs: number, work: () => void) => void,
    private readonly options: PodLifecycleOptions,
  ) {}

  keysFor(event: { storage: string; type: string; namespace: string; object: JsonObject }): string[] {
    if (event.storage !== '/pods' || event.type === 'DELETED') return [];
    return [`${event.namespace}/${asString(getIn(event.object, ['metadata', 'name']))}`];
  }

  sync(namespace: string, name: string): void {
    const pod = this.cluster.get('', 'Pod', namespace, name);
    if (pod === undefined || getIn(pod, ['metadata', 'deletionTimestamp']) !== undefined) return;
    if (asString(getIn(pod, ['status', 'phase'])) !== 'Pending') return;
    if (asString(getIn(pod, ['spec', 'nodeName'])) === '') this.schedule(pod);
    else if (!this.started.has(`${namespace}/${name}`)) this.startContainers(pod);
  }

  private schedule(pod: JsonObject): void {
    const nodes = this.cluster.list('', 'Node', undefined).filter((node) => getIn(node, ['spec', 'unschedulable']) !== true);
    const now = formatTime(this.cluster.clock.now());
    const podName = `${asString(getIn(pod, ['metadata', 'namespace']))}/${asString(getIn(pod, ['metadata', 'name']))}`;
    if (nodes.length === 0) {
      if (asArray(getIn(pod, ['status', 'conditions'])).length > 0) return;
      this.cluster.update(pod, (copy) => {
        asObject(copy.status).conditions = [{ ...condition('PodScheduled', false, now, 'Unschedulable'), message: '0/0 nodes are available: no nodes available to schedule pods.' }];
      }, 'kube-scheduler', 'status');
      this.cluster.recordEvent(pod, { type: 'Warning', reason: 'FailedScheduling', message: '0/0 nodes are available: no nodes available to schedule pods.', component: 'default-scheduler' });
      return;
    }
    const node = nodes[this.nextNode++ % nodes.length] ?? {};
    const nodeName = asString(getIn(node, ['metadata', 'name']));
    const scheduled = this.cluster.update(pod, (copy) => {
      asObject(copy.spec).nodeName = nodeName;
    }, 'kube-scheduler');
    this.cluster.recordEvent(scheduled, { reason: 'Scheduled', message: `Successfully assigned ${podName} to ${nodeName}`, component: 'default-scheduler' });
  }

  private startContainers(pod: JsonObject): void {
    const key = `${asString(getIn(pod, ['metadata', 'namespace']))}/${asString(getIn(pod, ['metadata', 'name']))}`;
    this.started.add(key);
    const now = formatTime(this.cluster.clock.now());
    const node = this.cluster.get('', 'Node', '', asString(getIn(pod, ['spec', 'nodeName'])));
    const hostIp = asString(asArray(getIn(node, ['status', 'addresses'])).map(asObject).find((a) => a.type === 'InternalIP')?.address, '10.0.0.1');
    this.nextIp++;
    const podIp = `10.244.${Math.floor(this.nextIp / 250) % 250}.${(this.nextIp % 250) + 2}`;
    const creating = this.cluster.update(pod, (copy) => {
      const status = asObject(copy.status);
      Object.assign(status, {
        conditions: [condition('PodReadyToStartContainers', true, now), condition('Initialized', true, now), condition('Ready', false, now, 'ContainersNotReady'), condition('ContainersReady', false, now, 'ContainersNotReady'), condition('PodScheduled', true, now)],
        hostIP: hostIp, hostIPs: [{ ip: hostIp }], podIP: podIp, podIPs: [{ ip: podIp }], startTime: now,
        containerStatuses: containersOf(copy).map((c) => ({ name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} })),
      });
    }, 'kubelet', 'status');
    this.later(this.options.podStartDelayMs, () => this.run(creating));
  }

  private run(pod: JsonObject): void {
    const current = this.cluster.get('', 'Pod', asString(getIn(pod, ['metadata', 'namespace'])), asString(getIn(pod, ['metadata', 'name'])));
    if (current === undefined || asString(getIn(current, ['metadata', 'uid'])) !== asString(getIn(pod, ['metadata', 'uid']))) return;
    const host = asString(getIn(current, ['spec', 'nodeName']));
    const now = formatTime(this.cluster.clock.now());
    const containers = containersOf(current);
    const bad = containers.filter((c) => this.options.isBadImage(asString(c.image)));
    containers.forEach((c, index) => {
      const image = asString(c.image);
      const fieldPath = `spec.containers{${asString(c.name)}}`;
      this.cluster.recordEvent(current, { reason: 'Pulling', message: `Pulling image "${image}"`, component: 'kubelet', host, fieldPath });
      if (this.options.isBadImage(image)) {
        this.cluster.recordEvent(current, { type: 'Warning', reason: 'Failed', message: `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`, component: 'kubelet', host, fieldPath });
        this.cluster.recordEvent(current, { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', component: 'kubelet', host, fieldPath });
        this.cluster.recordEvent(current, { reason: 'BackOff', message: `Back-off pulling image "${image}"`, component: 'kubelet', host, fieldPath });
        return;
      }
      this.cluster.recordEvent(current, { reason: 'Pulled', message: `Successfully pulled image "${image}" in ${500 + index * 120}ms (${500 + index * 120}ms including waiting). Image size: 48234456 bytes.`, component: 'kubelet', host, fieldPath });
      this.cluster.recordEvent(current, { reason: 'Created', message: `Created container: ${asString(c.name)}`, component: 'kubelet', host, fieldPath });
      this.cluster.recordEvent(current, { reason: 'Started', message: `Started container ${asString(c.name)}`, component: 'kubelet', host, fieldPath });
    });
    const ready = bad.length === 0;
    const running = this.cluster.update(current, (copy) => {
      const status = asObject(copy.status);
      status.phase = ready ? 'Running' : 'Pending';
      status.conditions = asArray(status.conditions).map((raw) => {
        const entry = asObject(raw);
        return entry.type === 'Ready' || entry.type === 'ContainersReady' ? (ready ? condition(asString(entry.type), true, now) : { ...entry, message: `containers with unready status: [${bad.map((c) => asString(c.name)).join(' ')}]` }) : entry;
      });
      status.containerStatuses = containersOf(copy).map((c) => {
        const failed = this.options.isBadImage(asString(c.image));
        const state = failed ? { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${asString(c.image)}"` } } : { running: { startedAt: now } };
        return { name: c.name, image: c.image, imageID: failed ? '' : `${asString(c.image)}@sha256:${'0'.repeat(64)}`, containerID: failed ? undefined : `containerd://${asString(getIn(copy, ['metadata', 'uid'])).replace(/-/g, '')}`, ready: !failed, restartCount: 0, started: !failed, state, lastState: {} };
      });
    }, 'kubelet', 'status');
    const restartPolicy = asString(getIn(running, ['spec', 'restartPolicy']), 'Always');
    if (ready && restartPolicy !== 'Always') this.later(this.options.podCompletionMs, () => this.complete(running));
  }

  private complete(pod: JsonObject): void {
    const current = this.cluster.get('', 'Pod', asString(getIn(pod, ['metadata', 'namespace'])), asString(getIn(pod, ['metadata', 'name'])));
    if (current === undefined || asString(getIn(current, ['status', 'phase'])) !== 'Running') return;
    const now = formatTime(this.cluster.clock.now());
    this.cluster.update(current, (copy) => {
      const status = asObject(copy.status);
      status.phase = 'Succeeded';
      status.conditions = asArray(status.conditions).map((raw) => {
        const entry = asObject(raw);
        return entry.type === 'Ready' || entry.type === 'ContainersReady' ? condition(asString(entry.type), false, now, 'PodCompleted') : entry;
      });
      status.containerStatuses = asArray(status.containerStatuses).map((raw) => {
        const entry = asObject(raw);
        const startedAt = asString(getIn(entry, ['state', 'running', 'startedAt']), now);
        return { ...entry, ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: now, containerID: entry.containerID } } };
      });
    }, 'kubelet', 'status');
  }

  /** Forgets a deleted pod, so a new pod with the same name starts afresh. */
  forget(namespace: string, name: string): void {
    this.started.delete(`${namespace}/${name}`);
  }
}

/** True when a pod counts as ready (its Ready condition is True). */
export function isPodReady(pod: JsonObject): boolean {
  return asArray(getIn(pod, ['status', 'conditions'])).some((raw) => isObject(raw) && raw.type === 'Ready' && raw.status === 'True');
}
