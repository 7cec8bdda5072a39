import { isRecord, recordAt, recordsAt, stringAt, type Json } from '../format/json.js';

/** What drain does with one pod, and why. */
export interface PlannedPod {
  namespace: string;
  name: string;
  action: 'evict' | 'skip' | 'blocked';
  reason: string;
}

/** Drain options as kubectl names them. */
export interface DrainOptions {
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  force: boolean;
}

/** kubectl drain's pod filters: mirror pods and DaemonSet pods stay, unmanaged and emptyDir pods block unless allowed. */
export function planPod(pod: Json, options: DrainOptions): PlannedPod {
  const base = { namespace: stringAt(pod, 'metadata.namespace'), name: stringAt(pod, 'metadata.name') };
  const annotations = recordAt(pod, 'metadata.annotations');
  if ('kubernetes.io/config.mirror' in annotations)
    return { ...base, action: 'skip', reason: 'mirror pod (managed by the kubelet)' };
  const phase = stringAt(pod, 'status.phase');
  if (phase === 'Succeeded' || phase === 'Failed') return { ...base, action: 'evict', reason: `finished (${phase})` };
  const controller = recordsAt(pod, 'metadata.ownerReferences').find((owner) => owner.controller === true);
  if (controller?.kind === 'DaemonSet') {
    return options.ignoreDaemonSets
      ? { ...base, action: 'skip', reason: 'DaemonSet pod' }
      : { ...base, action: 'blocked', reason: 'DaemonSet pod: pass ignoreDaemonSets' };
  }
  if (controller === undefined && !options.force)
    return { ...base, action: 'blocked', reason: 'not managed by a controller: pass force to delete it for good' };
  const emptyDir = recordsAt(pod, 'spec.volumes').some((volume) => isRecord(volume.emptyDir));
  if (emptyDir && !options.deleteEmptyDirData)
    return { ...base, action: 'blocked', reason: 'uses emptyDir data that would be lost: pass deleteEmptyDirData' };
  return {
    ...base,
    action: 'evict',
    reason: controller === undefined ? 'unmanaged (force)' : `${String(controller.kind)} ${String(controller.name)}`,
  };
}
