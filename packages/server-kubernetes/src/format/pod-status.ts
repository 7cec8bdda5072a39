import { age } from './age.js';
import { isRecord, numberAt, recordAt, recordsAt, stringAt, type Json } from './json.js';

/** One container of a pod as describe shows it. */
export type ContainerRow = {
  NAME: string;
  IMAGE: string;
  STATE: string;
  READY: string;
  RESTARTS: string;
  LAST: string;
};

/** `Running 5m`, `Waiting CrashLoopBackOff`, `Terminated Error (exit 1)`. */
export function containerState(state: unknown): string {
  if (!isRecord(state)) return '<unknown>';
  if (isRecord(state.running)) return `Running ${age(state.running.startedAt)}`;
  if (isRecord(state.waiting)) return `Waiting ${stringAt(state.waiting, 'reason', 'ContainerCreating')}`;
  if (isRecord(state.terminated)) {
    return `Terminated ${stringAt(state.terminated, 'reason', 'Completed')} (exit ${numberAt(state.terminated, 'exitCode')})`;
  }
  return '<unknown>';
}

/** The last termination: reason, exit code and when, the evidence of a crash loop or an OOM kill. */
function lastTermination(status: Json): string {
  const terminated = recordAt(status, 'lastState.terminated');
  if (Object.keys(terminated).length === 0) return '';
  const when = stringAt(terminated, 'finishedAt');
  return `${stringAt(terminated, 'reason', 'Terminated')} (exit ${numberAt(terminated, 'exitCode')}) ${when === '' ? '' : `${age(when)} ago`}`.trim();
}

/** Every container of a pod, init containers first, with state, restarts and last termination. */
export function podContainers(pod: Json): ContainerRow[] {
  const rows = (specPath: string, statusPath: string, prefix: string): ContainerRow[] => {
    const statuses = new Map(recordsAt(pod, statusPath).map((status) => [stringAt(status, 'name'), status]));
    return recordsAt(pod, specPath).map((container) => {
      const status = statuses.get(stringAt(container, 'name')) ?? {};
      return {
        NAME: `${prefix}${stringAt(container, 'name')}`,
        IMAGE: stringAt(container, 'image'),
        STATE: containerState(status.state),
        READY: String(status.ready === true),
        RESTARTS: String(numberAt(status, 'restartCount')),
        LAST: lastTermination(status) || '<none>',
      };
    });
  };
  return [
    ...rows('spec.initContainers', 'status.initContainerStatuses', 'init:'),
    ...rows('spec.containers', 'status.containerStatuses', ''),
  ];
}

/** kubectl's STATUS column: the most telling reason (CrashLoopBackOff over Running). */
export function podPhase(pod: Json): string {
  if (stringAt(pod, 'metadata.deletionTimestamp') !== '') return 'Terminating';
  const reason = stringAt(pod, 'status.reason');
  if (reason !== '') return reason;
  for (const status of recordsAt(pod, 'status.containerStatuses')) {
    const waiting = stringAt(status, 'state.waiting.reason');
    if (waiting !== '') return waiting;
    const terminated = stringAt(status, 'state.terminated.reason');
    if (terminated !== '') return terminated;
  }
  return stringAt(pod, 'status.phase', 'Unknown');
}
