import { asArray, asNumber, asObject, asString, getIn, type JsonObject } from '../util/object.js';
import { ageOf, humanDuration } from '../util/time.js';
import {
  type Printer,
  ageCell,
  ageColumn,
  column,
  containerCells,
  formatLabelSelector,
  formatMap,
  nameColumn,
  nameOf,
} from './printer.js';

const containersColumn = column('Containers', 'string', 'Names of each container in the template.', 1);
const imagesColumn = column('Images', 'string', 'Images referenced by each container in the template.', 1);
const selectorColumn = column('Selector', 'string', 'Label selector for pods.', 1);

function status(object: JsonObject, field: string): number {
  return asNumber(getIn(object, ['status', field]));
}

function templateCells(object: JsonObject, templatePath: string[]): string[] {
  return containerCells(getIn(object, templatePath));
}

/** Deployments: NAME, READY, UP-TO-DATE, AVAILABLE, AGE (+ containers, images, selector). */
export const deploymentPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells: (d, now) => [
    nameOf(d),
    `${status(d, 'readyReplicas')}/${asNumber(getIn(d, ['spec', 'replicas']), 1)}`,
    status(d, 'updatedReplicas'),
    status(d, 'availableReplicas'),
    ageCell(d, now),
    ...templateCells(d, ['spec', 'template', 'spec']),
    formatLabelSelector(getIn(d, ['spec', 'selector'])),
  ],
};

/** ReplicaSets: NAME, DESIRED, CURRENT, READY, AGE (+ containers, images, selector). */
export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells: (rs, now) => [
    nameOf(rs),
    asNumber(getIn(rs, ['spec', 'replicas']), 1),
    status(rs, 'replicas'),
    status(rs, 'readyReplicas'),
    ageCell(rs, now),
    ...templateCells(rs, ['spec', 'template', 'spec']),
    formatLabelSelector(getIn(rs, ['spec', 'selector'])),
  ],
};

/** StatefulSets: NAME, READY, AGE (+ containers, images). */
export const statefulSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    containersColumn,
    imagesColumn,
  ],
  cells: (sts, now) => [
    nameOf(sts),
    `${status(sts, 'readyReplicas')}/${asNumber(getIn(sts, ['spec', 'replicas']), 1)}`,
    ageCell(sts, now),
    ...templateCells(sts, ['spec', 'template', 'spec']),
  ],
};

/** DaemonSets: NAME, DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE. */
export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod.'),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    ),
    column('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells: (ds, now) => [
    nameOf(ds),
    status(ds, 'desiredNumberScheduled'),
    status(ds, 'currentNumberScheduled'),
    status(ds, 'numberReady'),
    status(ds, 'updatedNumberScheduled'),
    status(ds, 'numberAvailable'),
    formatMap(getIn(ds, ['spec', 'template', 'spec', 'nodeSelector'])),
    ageCell(ds, now),
    ...templateCells(ds, ['spec', 'template', 'spec']),
    formatLabelSelector(getIn(ds, ['spec', 'selector'])),
  ],
};

function jobStatus(job: JsonObject): string {
  const conditions = asArray(getIn(job, ['status', 'conditions'])).map(asObject);
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (getIn(job, ['spec', 'suspend']) === true) return 'Suspended';
  return 'Running';
}

function jobDuration(job: JsonObject, now: Date): string {
  const start = getIn(job, ['status', 'startTime']);
  if (typeof start !== 'string') return '';
  const end = getIn(job, ['status', 'completionTime']);
  const endMs = typeof end === 'string' ? Date.parse(end) : now.getTime();
  return humanDuration(endMs - Date.parse(start));
}

/** Jobs: NAME, STATUS, COMPLETIONS, DURATION, AGE (+ containers, images, selector). */
export const jobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The completion status of the job.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells: (job, now) => [
    nameOf(job),
    jobStatus(job),
    `${status(job, 'succeeded')}/${asNumber(getIn(job, ['spec', 'completions']), 1)}`,
    jobDuration(job, now),
    ageCell(job, now),
    ...templateCells(job, ['spec', 'template', 'spec']),
    formatLabelSelector(getIn(job, ['spec', 'selector'])),
  ],
};

/** CronJobs: NAME, SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE, AGE. */
export const cronJobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Schedule', 'string', 'The schedule in Cron format.'),
    column('Timezone', 'string', 'The time zone name for the given schedule.'),
    column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells: (cj, now) => {
    const last = getIn(cj, ['status', 'lastScheduleTime']);
    return [
      nameOf(cj),
      asString(getIn(cj, ['spec', 'schedule'])),
      asString(getIn(cj, ['spec', 'timeZone'])) || '<none>',
      getIn(cj, ['spec', 'suspend']) === true ? 'True' : 'False',
      asArray(getIn(cj, ['status', 'active'])).length,
      typeof last === 'string' ? ageOf(last, now) : '<none>',
      ageCell(cj, now),
      ...templateCells(cj, ['spec', 'jobTemplate', 'spec', 'template', 'spec']),
      formatLabelSelector(getIn(cj, ['spec', 'jobTemplate', 'spec', 'selector'])),
    ];
  },
};

/** Ingresses: NAME, CLASS, HOSTS, ADDRESS, PORTS, AGE. */
export const ingressPrinter: Printer = {
  columns: [
    nameColumn,
    column('Class', 'string', 'ingressClassName is the name of an IngressClass cluster resource.'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells: (ing, now) => {
    const hosts = asArray(getIn(ing, ['spec', 'rules'])).map((rule) => asString(asObject(rule).host) || '*');
    const address = asArray(getIn(ing, ['status', 'loadBalancer', 'ingress']))
      .map((entry) => asString(asObject(entry).ip) || asString(asObject(entry).hostname))
      .join(',');
    return [
      nameOf(ing),
      asString(getIn(ing, ['spec', 'ingressClassName'])) || '<none>',
      hosts.length > 0 ? hosts.join(',') : '*',
      address,
      asArray(getIn(ing, ['spec', 'tls'])).length > 0 ? '80, 443' : '80',
      ageCell(ing, now),
    ];
  },
};
