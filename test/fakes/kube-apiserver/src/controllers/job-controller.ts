import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { OwnerIndex } from './owner-index.js';
import { isPodReady } from './pod-lifecycle.js';
import { randomSuffix } from '../api/served-form.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asArray, asNumber, asObject, asString, getIn } from '../util/object.js';
import { formatTime } from '../util/time.js';

const manager = 'job-controller';

/** Jobs: run up to `parallelism` pods until `completions` succeed, then mark the Job Complete. */
export class JobController implements Controller {
  readonly name = 'job';
  private readonly owners = new OwnerIndex('batch/jobs', '/pods');

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    return this.owners.keysFor(event);
  }

  sync(namespace: string, name: string): void {
    const job = this.cluster.get('batch', 'Job', namespace, name);
    if (job === undefined || getIn(job, ['metadata', 'deletionTimestamp']) !== undefined) return;
    if (asArray(getIn(job, ['status', 'conditions'])).some((c) => asObject(c).type === 'Complete')) return;
    const pods = this.cluster.owned('', 'Pod', namespace, asString(getIn(job, ['metadata', 'uid'])));
    const succeeded = pods.filter((pod) => asString(getIn(pod, ['status', 'phase'])) === 'Succeeded').length;
    const failed = pods.filter((pod) => asString(getIn(pod, ['status', 'phase'])) === 'Failed').length;
    let active = pods.filter(
      (pod) => !['Succeeded', 'Failed'].includes(asString(getIn(pod, ['status', 'phase']))),
    ).length;
    const completions = asNumber(getIn(job, ['spec', 'completions']), 1);
    const parallelism = asNumber(getIn(job, ['spec', 'parallelism']), 1);
    if (getIn(job, ['spec', 'suspend']) !== true) {
      while (active < parallelism && succeeded + active < completions) {
        this.createPod(job);
        active++;
      }
    }
    this.writeStatus(job, { active, succeeded, failed, ready: pods.filter(isPodReady).length, completions });
  }

  private createPod(job: JsonObject): void {
    this.cluster.createPodFor(job, manager, {
      name: `${asString(getIn(job, ['metadata', 'name']))}-${randomSuffix()}`,
    });
  }

  private writeStatus(
    job: JsonObject,
    counts: { active: number; succeeded: number; failed: number; ready: number; completions: number },
  ): void {
    const now = formatTime(this.cluster.clock.now());
    const done = counts.succeeded >= counts.completions;
    const status: JsonObject = {
      startTime: asString(getIn(job, ['status', 'startTime'])) || now,
      ...(counts.active > 0 ? { active: counts.active } : {}),
      ...(counts.succeeded > 0 ? { succeeded: counts.succeeded } : {}),
      ...(counts.failed > 0 ? { failed: counts.failed } : {}),
      ready: counts.ready,
      terminating: 0,
      uncountedTerminatedPods: {},
      ...(done
        ? {
            completionTime: now,
            conditions: [
              {
                type: 'SuccessCriteriaMet',
                status: 'True',
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
                lastProbeTime: now,
                lastTransitionTime: now,
              },
              {
                type: 'Complete',
                status: 'True',
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
                lastProbeTime: now,
                lastTransitionTime: now,
              },
            ],
          }
        : {}),
    };
    const previous = { ...asObject(job.status) };
    if (
      !done &&
      JSON.stringify({ ...previous, startTime: undefined }) === JSON.stringify({ ...status, startTime: undefined })
    )
      return;
    this.cluster.update(
      job,
      (copy) => {
        copy.status = status;
      },
      manager,
      'status',
    );
    if (done) this.cluster.recordEvent(job, { reason: 'Completed', message: 'Job completed', component: manager });
  }
}
