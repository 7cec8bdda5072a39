import { ToolError } from '@infra-mcp/core';
import type { Target } from '../tools/shared.js';
import { resourcePath } from './discovery.js';
import { isRecord, numberAt, recordAt, recordsAt, stringAt, type Json } from '../format/json.js';
import { selectorString } from '../format/selector.js';

/** One revision of a workload: its number, change cause, images, and the pod template to roll back to. */
export interface Revision {
  revision: number;
  cause: string;
  images: string;
  template: Json;
}

const changeCause = 'kubernetes.io/change-cause';

/** Revisions owned by a workload, oldest first: ReplicaSets for Deployments, ControllerRevisions otherwise. */
export async function revisionsOf(target: Target, workload: Json, signal: AbortSignal): Promise<Revision[]> {
  const uid = stringAt(workload, 'metadata.uid');
  const deployment = target.type.kind === 'Deployment';
  const list = await target.client.request({
    path: resourcePath(
      { group: 'apps', version: 'v1', resource: deployment ? 'replicasets' : 'controllerrevisions', namespaced: true },
      { namespace: target.namespace },
    ),
    query: { labelSelector: selectorString(recordAt(workload, 'spec.selector')) },
    signal,
  });
  const owned = recordsAt(list, 'items').filter((item) =>
    recordsAt(item, 'metadata.ownerReferences').some((owner) => owner.uid === uid),
  );
  const revisions = owned.map((item) => {
    const annotations = recordAt(item, 'metadata.annotations');
    const template = deployment ? recordAt(item, 'spec.template') : recordAt(item, 'data.spec.template');
    return {
      revision: deployment ? Number(annotations['deployment.kubernetes.io/revision'] ?? 0) : numberAt(item, 'revision'),
      cause: typeof annotations[changeCause] === 'string' ? annotations[changeCause] : '<none>',
      images: recordsAt(template, 'spec.containers')
        .map((c) => stringAt(c, 'image'))
        .join(','),
      template,
    };
  });
  return revisions.sort((a, b) => a.revision - b.revision);
}

/** The template to restore: `toRevision`, or the one before the current. */
export function pickRevision(revisions: readonly Revision[], toRevision: number | undefined): Revision {
  const chosen =
    toRevision === undefined ? revisions.at(-2) : revisions.find((revision) => revision.revision === toRevision);
  if (chosen === undefined) {
    throw new ToolError(
      'NOT_FOUND',
      toRevision === undefined
        ? 'There is no previous revision to roll back to.'
        : `There is no revision ${toRevision}.`,
      {
        hint: 'rollout action=history lists the revisions.',
      },
    );
  }
  return chosen;
}

/** The template without the pod-template-hash label, which the controller adds itself. */
export function restorableTemplate(template: Json): Json {
  const metadata = recordAt(template, 'metadata');
  const labels = isRecord(metadata.labels) ? { ...metadata.labels } : {};
  delete labels['pod-template-hash'];
  return { ...template, metadata: { ...metadata, labels } };
}
