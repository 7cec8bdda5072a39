import { type JsonObject, asArray, asNumber, asObject, asString, getIn, isObject } from '../util/object.js';
import { ageOf } from '../util/time.js';
import { type Printer, ageCell, ageColumn, column, nameColumn, nameOf } from './printer.js';

interface ContainerSummary {
  ready: number;
  restarts: number;
  lastRestart: string | undefined;
  reason: string | undefined;
  running: boolean;
}

function summarizeContainers(statuses: JsonObject[]): ContainerSummary {
  const summary: ContainerSummary = {
    ready: 0,
    restarts: 0,
    lastRestart: undefined,
    reason: undefined,
    running: false,
  };
  for (const status of [...statuses].reverse()) {
    summary.restarts += asNumber(status.restartCount);
    const finishedAt = getIn(status, ['lastState', 'terminated', 'finishedAt']);
    if (typeof finishedAt === 'string' && (summary.lastRestart === undefined || finishedAt > summary.lastRestart)) {
      summary.lastRestart = finishedAt;
    }
    const waiting = getIn(status, ['state', 'waiting']);
    const terminated = getIn(status, ['state', 'terminated']);
    if (isObject(waiting) && asString(waiting.reason) !== '') summary.reason = asString(waiting.reason);
    else if (isObject(terminated)) {
      summary.reason = asString(terminated.reason) || `ExitCode:${asNumber(terminated.exitCode)}`;
    } else if (status.ready === true && isObject(getIn(status, ['state', 'running']))) {
      summary.ready++;
      summary.running = true;
    }
  }
  return summary;
}

function podReason(pod: JsonObject, summary: ContainerSummary): string {
  let reason = asString(getIn(pod, ['status', 'reason'])) || asString(getIn(pod, ['status', 'phase']));
  if (summary.reason !== undefined) reason = summary.reason;
  if (reason === 'Completed' && summary.running) {
    const conditions = asArray(getIn(pod, ['status', 'conditions'])).map(asObject);
    const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
    reason = ready ? 'Running' : 'NotReady';
  }
  if (getIn(pod, ['metadata', 'deletionTimestamp']) !== undefined) {
    reason = asString(getIn(pod, ['status', 'reason'])) === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  return reason;
}

function readinessGates(pod: JsonObject): string {
  const gates = asArray(getIn(pod, ['spec', 'readinessGates'])).map(asObject);
  if (gates.length === 0) return '<none>';
  const conditions = asArray(getIn(pod, ['status', 'conditions'])).map(asObject);
  const met = gates.filter((gate) =>
    conditions.some((c) => c.type === gate.conditionType && c.status === 'True'),
  ).length;
  return `${met}/${gates.length}`;
}

/** The pod table, cell for cell like kubectl's printPod (READY, STATUS, RESTARTS with "(5m ago)"). */
export const podPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    column(
      'IP',
      'string',
      'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      1,
    ),
    column('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    column(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
      1,
    ),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(pod, now) {
    const statuses = asArray(getIn(pod, ['status', 'containerStatuses'])).map(asObject);
    const summary = summarizeContainers(statuses);
    const total = asArray(getIn(pod, ['spec', 'containers'])).length;
    const restarts =
      summary.lastRestart === undefined
        ? String(summary.restarts)
        : `${summary.restarts} (${ageOf(summary.lastRestart, now)} ago)`;
    return [
      nameOf(pod),
      `${summary.ready}/${total}`,
      podReason(pod, summary),
      restarts,
      ageCell(pod, now),
      asString(getIn(pod, ['status', 'podIP'])) || '<none>',
      asString(getIn(pod, ['spec', 'nodeName'])) || '<none>',
      asString(getIn(pod, ['status', 'nominatedNodeName'])) || '<none>',
      readinessGates(pod),
    ];
  },
};
