import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { condition, containersOf, creatingStatus, startedStatus, succeededStatus } from './pod-status.js';
import { type JsonObject, asArray, asObject, asString, getIn, isObject } from '../util/object.js';
import { formatTime } from '../util/time.js';

/** Timing and failure knobs of the simulated scheduler and kubelet. */
export interface PodLifecycleOptions {
  /** Delay between scheduling and containers running and ready. */
  podStartDelayMs: number;
  /** How long a pod with restartPolicy Never/OnFailure runs before it succeeds. */
  podCompletionMs: number;
  /** Images that fail to pull (the pod stays in ImagePullBackOff). */
  isBadImage: (image: string) => boolean;
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
    const nodes = this.cluster
      .list('', 'Node', undefined)
      .filter((node) => getIn(node, ['spec', 'unschedulable']) !== true);
    const now = formatTime(this.cluster.clock.now());
    const podName = `${asString(getIn(pod, ['metadata', 'namespace']))}/${asString(getIn(pod, ['metadata', 'name']))}`;
    if (nodes.length === 0) {
      if (asArray(getIn(pod, ['status', 'conditions'])).length > 0) return;
      this.cluster.update(
        pod,
        (copy) => {
          asObject(copy.status).conditions = [
            {
              ...condition('PodScheduled', false, now, 'Unschedulable'),
              message: '0/0 nodes are available: no nodes available to schedule pods.',
            },
          ];
        },
        'kube-scheduler',
        'status',
      );
      this.cluster.recordEvent(pod, {
        type: 'Warning',
        reason: 'FailedScheduling',
        message: '0/0 nodes are available: no nodes available to schedule pods.',
        component: 'default-scheduler',
      });
      return;
    }
    const node = nodes[this.nextNode++ % nodes.length] ?? {};
    const nodeName = asString(getIn(node, ['metadata', 'name']));
    const scheduled = this.cluster.update(
      pod,
      (copy) => {
        asObject(copy.spec).nodeName = nodeName;
      },
      'kube-scheduler',
    );
    this.cluster.recordEvent(scheduled, {
      reason: 'Scheduled',
      message: `Successfully assigned ${podName} to ${nodeName}`,
      component: 'default-scheduler',
    });
  }

  private startContainers(pod: JsonObject): void {
    const key = `${asString(getIn(pod, ['metadata', 'namespace']))}/${asString(getIn(pod, ['metadata', 'name']))}`;
    this.started.add(key);
    const now = formatTime(this.cluster.clock.now());
    const node = this.cluster.get('', 'Node', '', asString(getIn(pod, ['spec', 'nodeName'])));
    const internal = asArray(getIn(node, ['status', 'addresses']))
      .map(asObject)
      .find((a) => a.type === 'InternalIP');
    this.nextIp++;
    const podIp = `10.244.${Math.floor(this.nextIp / 250) % 250}.${(this.nextIp % 250) + 2}`;
    const creating = this.cluster.update(
      pod,
      (copy) => {
        copy.status = creatingStatus(copy, { hostIp: asString(internal?.address, '10.0.0.1'), podIp, now });
      },
      'kubelet',
      'status',
    );
    this.later(this.options.podStartDelayMs, () => this.run(creating));
  }

  private recordContainerEvents(pod: JsonObject): void {
    const host = asString(getIn(pod, ['spec', 'nodeName']));
    containersOf(pod).forEach((c, index) => {
      const image = asString(c.image);
      const base = { component: 'kubelet', host, fieldPath: `spec.containers{${asString(c.name)}}` };
      this.cluster.recordEvent(pod, { ...base, reason: 'Pulling', message: `Pulling image "${image}"` });
      if (this.options.isBadImage(image)) {
        const detail = `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`;
        this.cluster.recordEvent(pod, {
          ...base,
          type: 'Warning',
          reason: 'Failed',
          message: `Failed to pull image "${image}": ${detail}`,
        });
        this.cluster.recordEvent(pod, { ...base, type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' });
        this.cluster.recordEvent(pod, { ...base, reason: 'BackOff', message: `Back-off pulling image "${image}"` });
        return;
      }
      const took = `${500 + index * 120}ms`;
      this.cluster.recordEvent(pod, {
        ...base,
        reason: 'Pulled',
        message: `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: 48234456 bytes.`,
      });
      this.cluster.recordEvent(pod, { ...base, reason: 'Created', message: `Created container: ${asString(c.name)}` });
      this.cluster.recordEvent(pod, { ...base, reason: 'Started', message: `Started container ${asString(c.name)}` });
    });
  }

  private run(pod: JsonObject): void {
    const current = this.cluster.get(
      '',
      'Pod',
      asString(getIn(pod, ['metadata', 'namespace'])),
      asString(getIn(pod, ['metadata', 'name'])),
    );
    if (
      current === undefined ||
      asString(getIn(current, ['metadata', 'uid'])) !== asString(getIn(pod, ['metadata', 'uid']))
    )
      return;
    this.recordContainerEvents(current);
    const now = formatTime(this.cluster.clock.now());
    const running = this.cluster.update(
      current,
      (copy) => {
        copy.status = startedStatus(copy, this.options.isBadImage, now);
      },
      'kubelet',
      'status',
    );
    const restartPolicy = asString(getIn(running, ['spec', 'restartPolicy']), 'Always');
    if (asString(getIn(running, ['status', 'phase'])) === 'Running' && restartPolicy !== 'Always') {
      this.later(this.options.podCompletionMs, () => this.complete(running));
    }
  }

  private complete(pod: JsonObject): void {
    const current = this.cluster.get(
      '',
      'Pod',
      asString(getIn(pod, ['metadata', 'namespace'])),
      asString(getIn(pod, ['metadata', 'name'])),
    );
    if (current === undefined || asString(getIn(current, ['status', 'phase'])) !== 'Running') return;
    const now = formatTime(this.cluster.clock.now());
    this.cluster.update(
      current,
      (copy) => {
        copy.status = succeededStatus(copy, now);
      },
      'kubelet',
      'status',
    );
  }

  /** Forgets a deleted pod, so a new pod with the same name starts afresh. */
  forget(namespace: string, name: string): void {
    this.started.delete(`${namespace}/${name}`);
  }
}

/** True when a pod counts as ready (its Ready condition is True). */
export function isPodReady(pod: JsonObject): boolean {
  return asArray(getIn(pod, ['status', 'conditions'])).some(
    (raw) => isObject(raw) && raw.type === 'Ready' && raw.status === 'True',
  );
}
