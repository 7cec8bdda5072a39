import { type Cluster, controllerReference, refOf } from './cluster.js';
import { type Controller } from './controller.js';
import { parseCronSchedule } from './cron-schedule.js';
import { OwnerIndex } from './owner-index.js';
import { ApiError } from '../api/errors.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asArray, asNumber, asObject, asString, clone, deepEqual, getIn } from '../util/object.js';
import { formatTime } from '../util/time.js';

const manager = 'cronjob-controller';

function finished(job: JsonObject): 'Complete' | 'Failed' | undefined {
  const condition = asArray(getIn(job, ['status', 'conditions']))
    .map(asObject)
    .find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  return condition === undefined ? undefined : condition.type === 'Complete' ? 'Complete' : 'Failed';
}

/** CronJobs: a Job per due schedule time (UTC), concurrency policy, active list, last schedule/success, history limits. */
export class CronJobController implements Controller {
  readonly name = 'cronjob';
  private readonly owners = new OwnerIndex('batch/cronjobs', 'batch/jobs');

  constructor(
    private readonly cluster: Cluster,
    private readonly wakeUp: (key: string, delayMs: number, work: () => void) => void,
    private readonly requeue: (key: string) => void,
  ) {}

  keysFor(event: StoreEvent): string[] {
    return this.owners.keysFor(event);
  }

  sync(namespace: string, name: string): void {
    const cronJob = this.cluster.get('batch', 'CronJob', namespace, name);
    if (cronJob === undefined || getIn(cronJob, ['metadata', 'deletionTimestamp']) !== undefined) return;
    let schedule;
    try {
      schedule = parseCronSchedule(asString(getIn(cronJob, ['spec', 'schedule'])));
    } catch (error) {
      const message = `unparseable schedule: ${error instanceof Error ? error.message : String(error)}`;
      this.cluster.recordEvent(cronJob, {
        type: 'Warning',
        reason: 'UnparseableSchedule',
        message,
        component: manager,
      });
      return;
    }
    const now = this.cluster.clock.now();
    const jobs = this.cluster.owned('batch', 'Job', namespace, asString(getIn(cronJob, ['metadata', 'uid'])));
    const status = clone(asObject(cronJob.status));
    this.pruneHistory(cronJob, jobs);
    const active = jobs.filter(
      (job) => finished(job) === undefined && getIn(job, ['metadata', 'deletionTimestamp']) === undefined,
    );
    const succeeded = jobs
      .filter((job) => finished(job) === 'Complete')
      .map((job) => asString(getIn(job, ['status', 'completionTime'])))
      .sort();
    if (succeeded.length > 0) status.lastSuccessfulTime = succeeded[succeeded.length - 1];
    const due = this.dueTime(cronJob, schedule, now);
    if (due !== undefined && getIn(cronJob, ['spec', 'suspend']) !== true) {
      const created = this.startJob(cronJob, due, active);
      if (created !== undefined) {
        active.push(created);
        status.lastScheduleTime = formatTime(due);
      }
    }
    status.active =
      active.length > 0
        ? active.map((job) => ({
            kind: 'Job',
            namespace,
            name: asString(getIn(job, ['metadata', 'name'])),
            uid: asString(getIn(job, ['metadata', 'uid'])),
            apiVersion: 'batch/v1',
          }))
        : undefined;
    if (!deepEqual(status, asObject(cronJob.status)))
      this.cluster.update(cronJob, (copy) => (copy.status = status), manager, 'status');
    const next = schedule.next(now).getTime() - now.getTime();
    this.wakeUp(`${namespace}/${name}`, Math.max(next, 10), () => this.requeue(`${namespace}/${name}`));
  }

  /** The latest schedule time after the last run (or creation) that is not in the future. */
  private dueTime(cronJob: JsonObject, schedule: { next(after: Date): Date }, now: Date): Date | undefined {
    const since =
      asString(getIn(cronJob, ['status', 'lastScheduleTime'])) ||
      asString(getIn(cronJob, ['metadata', 'creationTimestamp']));
    let candidate = schedule.next(new Date(since));
    let due: Date | undefined;
    for (let missed = 0; candidate.getTime() <= now.getTime() && missed < 100; missed++) {
      due = candidate;
      candidate = schedule.next(candidate);
    }
    return due;
  }

  private startJob(cronJob: JsonObject, due: Date, active: JsonObject[]): JsonObject | undefined {
    const policy = asString(getIn(cronJob, ['spec', 'concurrencyPolicy']), 'Allow');
    if (policy === 'Forbid' && active.length > 0) return undefined;
    if (policy === 'Replace') for (const job of active.splice(0)) this.cluster.delete(job, manager);
    const name = `${asString(getIn(cronJob, ['metadata', 'name']))}-${Math.floor(due.getTime() / 60_000)}`;
    const template = clone(asObject(getIn(cronJob, ['spec', 'jobTemplate'])));
    const meta = asObject(template.metadata);
    try {
      const job = this.cluster.create(
        'batch',
        'Job',
        refOf(cronJob).namespace,
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            ...meta,
            name,
            annotations: {
              ...asObject(meta.annotations),
              'batch.kubernetes.io/cronjob-scheduled-timestamp': due.toISOString().replace(/\.\d+Z$/, 'Z'),
            },
            ownerReferences: [controllerReference(cronJob)],
          },
          spec: template.spec,
        },
        manager,
      );
      this.cluster.recordEvent(cronJob, {
        reason: 'SuccessfulCreate',
        message: `Created job ${name}`,
        component: manager,
      });
      return job;
    } catch (error) {
      // Two due times in one minute map to one Job name, as on a real cluster.
      if (error instanceof ApiError && error.reason === 'AlreadyExists') return undefined;
      throw error;
    }
  }

  private pruneHistory(cronJob: JsonObject, jobs: JsonObject[]): void {
    const byAge = (a: JsonObject, b: JsonObject) =>
      asString(getIn(a, ['metadata', 'creationTimestamp'])).localeCompare(
        asString(getIn(b, ['metadata', 'creationTimestamp'])),
      );
    for (const [state, limitField, fallback] of [
      ['Complete', 'successfulJobsHistoryLimit', 3],
      ['Failed', 'failedJobsHistoryLimit', 1],
    ] as const) {
      const done = jobs.filter((job) => finished(job) === state).sort(byAge);
      const limit = asNumber(getIn(cronJob, ['spec', limitField]), fallback);
      for (const job of done.slice(0, Math.max(0, done.length - limit))) {
        this.cluster.delete(job, manager);
        this.cluster.recordEvent(cronJob, {
          reason: 'SuccessfulDelete',
          message: `Deleted job ${asString(getIn(job, ['metadata', 'name']))}`,
          component: manager,
        });
      }
    }
  }
}
