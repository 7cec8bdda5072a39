import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { type StoreEvent } from '../store/object-store.js';
import { asString, getIn } from '../util/object.js';

/** Finishes namespace deletion: removes everything inside a Terminating namespace, then the namespace itself. */
export class NamespaceController implements Controller {
  readonly name = 'namespace';

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    if (event.storage !== '/namespaces' || event.type === 'DELETED') return [];
    return getIn(event.object, ['metadata', 'deletionTimestamp']) === undefined
      ? []
      : [`/${asString(getIn(event.object, ['metadata', 'name']))}`];
  }

  sync(_namespace: string, name: string): void {
    const namespace = this.cluster.store.get('/namespaces', '', name);
    if (namespace === undefined || getIn(namespace, ['metadata', 'deletionTimestamp']) === undefined) return;
    const storages = new Set(
      this.cluster.registry
        .all()
        .filter((type) => type.namespaced && type.virtual === undefined)
        .map((type) => type.storage),
    );
    for (const storage of storages) {
      for (const object of this.cluster.store.list(storage, name)) {
        this.cluster.store.remove(storage, name, asString(getIn(object, ['metadata', 'name'])));
      }
    }
    this.cluster.store.remove('/namespaces', '', name);
  }
}
