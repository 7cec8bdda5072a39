import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { templateHash } from './deployment-util.js';
import { OwnerIndex } from './owner-index.js';
import { isPodReady } from './pod-lifecycle.js';
import { randomSuffix } from '../api/served-form.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asNumber, asString, getIn } from '../util/object.js';

const manager = 'daemonset-controller';
const revisionLabel = 'controller-revision-hash';

/** DaemonSets: one pod per node (cordoned ones too: daemon pods tolerate unschedulable), replaced node by node when the template changes. */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  private readonly owners = new OwnerIndex('apps/daemonsets', '/pods');

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    if (event.storage === '/nodes')
      return this.cluster
        .list('apps', 'DaemonSet', undefined)
        .map((ds) => `${asString(getIn(ds, ['metadata', 'namespace']))}/${asString(getIn(ds, ['metadata', 'name']))}`);
    return this.owners.keysFor(event);
  }

  sync(namespace: string, name: string): void {
    const set = this.cluster.get('apps', 'DaemonSet', namespace, name);
    if (set === undefined || getIn(set, ['metadata', 'deletionTimestamp']) !== undefined) return;
    const hash = templateHash(getIn(set, ['spec', 'template']), 0);
    const nodes = this.cluster.list('', 'Node', undefined).map((node) => asString(getIn(node, ['metadata', 'name'])));
    const pods = this.cluster.owned('', 'Pod', namespace, asString(getIn(set, ['metadata', 'uid'])));
    for (const node of nodes) {
      if (!pods.some((pod) => asString(getIn(pod, ['spec', 'nodeName'])) === node)) this.createPod(set, node, hash);
    }
    for (const pod of pods)
      if (!nodes.includes(asString(getIn(pod, ['spec', 'nodeName'])))) this.cluster.delete(pod, manager);
    if (pods.every(isPodReady)) {
      const outdated = pods.find((pod) => asString(getIn(pod, ['metadata', 'labels', revisionLabel])) !== hash);
      if (outdated !== undefined) this.cluster.delete(outdated, manager);
    }
    this.writeStatus(
      set,
      this.cluster.owned('', 'Pod', namespace, asString(getIn(set, ['metadata', 'uid']))),
      nodes.length,
      hash,
    );
  }

  private createPod(set: JsonObject, node: string, hash: string): void {
    this.cluster.createPodFor(set, manager, {
      name: `${asString(getIn(set, ['metadata', 'name']))}-${randomSuffix()}`,
      labels: {
        [revisionLabel]: hash,
        'pod-template-generation': String(asNumber(getIn(set, ['metadata', 'generation']), 1)),
      },
      spec: { nodeName: node },
    });
  }

  private writeStatus(set: JsonObject, pods: JsonObject[], desired: number, hash: string): void {
    const ready = pods.filter(isPodReady).length;
    const updated = pods.filter((pod) => asString(getIn(pod, ['metadata', 'labels', revisionLabel])) === hash).length;
    const status: JsonObject = {
      currentNumberScheduled: pods.length,
      numberMisscheduled: 0,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: asNumber(getIn(set, ['metadata', 'generation']), 1),
      updatedNumberScheduled: updated,
      numberAvailable: ready,
      ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
    };
    if (JSON.stringify(status) === JSON.stringify(set.status)) return;
    this.cluster.update(
      set,
      (copy) => {
        copy.status = status;
      },
      manager,
      'status',
    );
  }
}
