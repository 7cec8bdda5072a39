import { controllerUid } from './cluster.js';
import { type StoreEvent } from '../store/object-store.js';
import { asString, getIn } from '../util/object.js';

/** Maps owner uids to "namespace/name" keys so events of owned objects requeue their owner. */
export class OwnerIndex {
  private readonly byUid = new Map<string, string>();

  constructor(
    private readonly ownerStorage: string,
    private readonly ownedStorage: string,
  ) {}

  /** The owner keys an event concerns (the owner itself, or the owner of an owned object). */
  keysFor(event: StoreEvent): string[] {
    const name = asString(getIn(event.object, ['metadata', 'name']));
    if (event.storage === this.ownerStorage) {
      const uid = asString(getIn(event.object, ['metadata', 'uid']));
      if (event.type === 'DELETED') {
        this.byUid.delete(uid);
        return [];
      }
      this.byUid.set(uid, `${event.namespace}/${name}`);
      return [`${event.namespace}/${name}`];
    }
    if (event.storage === this.ownedStorage) {
      const owner = controllerUid(event.object);
      const key = owner === undefined ? undefined : this.byUid.get(owner);
      return key === undefined ? [] : [key];
    }
    return [];
  }
}
