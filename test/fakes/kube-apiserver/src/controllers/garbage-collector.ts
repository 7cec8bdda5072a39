import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { type StoreEvent } from '../store/object-store.js';
import { asArray, asObject, asString, getIn } from '../util/object.js';

/** Storage keys whose objects are owned by other objects in this fake. */
const dependentStorages = ['apps/replicasets', '/pods', 'batch/jobs', '/endpoints', 'discovery.k8s.io/endpointslices'];

/** Background cascading deletion: when an owner goes, objects whose ownerReferences name it go too. */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  private readonly deletedOwners = new Map<string, string>();

  constructor(
    private readonly cluster: Cluster,
    private readonly onPodDeleted: (namespace: string, name: string) => void,
  ) {}

  keysFor(event: StoreEvent): string[] {
    if (event.type !== 'DELETED') return [];
    const name = asString(getIn(event.object, ['metadata', 'name']));
    if (event.storage === '/pods') this.onPodDeleted(event.namespace, name);
    const uid = asString(getIn(event.object, ['metadata', 'uid']));
    this.deletedOwners.set(uid, event.namespace);
    return [`${event.namespace}/${uid}`];
  }

  sync(namespace: string, uid: string): void {
    this.deletedOwners.delete(uid);
    for (const storage of dependentStorages) {
      for (const object of this.cluster.store.list(storage, namespace)) {
        const owners = asArray(getIn(object, ['metadata', 'ownerReferences'])).map(asObject);
        if (!owners.some((owner) => owner.uid === uid)) continue;
        const remaining = owners.filter((owner) => owner.uid !== uid && this.ownerExists(owner, namespace));
        if (remaining.length === 0)
          this.cluster.store.remove(storage, namespace, asString(getIn(object, ['metadata', 'name'])));
      }
    }
  }

  private ownerExists(owner: Record<string, unknown>, namespace: string): boolean {
    const apiVersion = asString(owner.apiVersion);
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
    const type = this.cluster.registry.findKind(group, asString(owner.kind));
    if (type === undefined) return false;
    const found = this.cluster.store.get(type.storage, type.namespaced ? namespace : '', asString(owner.name));
    return found !== undefined && asString(getIn(found, ['metadata', 'uid'])) === asString(owner.uid);
  }
}
