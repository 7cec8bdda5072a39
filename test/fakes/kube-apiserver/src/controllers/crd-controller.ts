import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { customTypesOf } from '../crd/custom-types.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asArray, asObject, asString, getIn } from '../util/object.js';
import { formatTime } from '../util/time.js';

/** Serves custom resources: an established CRD adds its types to discovery and routing; deleting it removes them and their objects. */
export class CrdController implements Controller {
  readonly name = 'customresourcedefinitions';

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    if (event.storage !== 'apiextensions.k8s.io/customresourcedefinitions') return [];
    const name = asString(getIn(event.object, ['metadata', 'name']));
    if (event.type === 'DELETED') {
      const storage = `${asString(getIn(event.object, ['spec', 'group']))}/${asString(getIn(event.object, ['spec', 'names', 'plural']))}`;
      this.cluster.registry.setCustom(name, []);
      this.cluster.store.drop(storage);
      return [];
    }
    // Register synchronously so a client that creates a CRD and then an instance does not race the queue.
    this.cluster.registry.setCustom(name, customTypesOf(event.object));
    return [`/${name}`];
  }

  sync(_namespace: string, name: string): void {
    const crd = this.cluster.get('apiextensions.k8s.io', 'CustomResourceDefinition', '', name);
    if (crd === undefined) return;
    const conditions = asArray(getIn(crd, ['status', 'conditions'])).map(asObject);
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    const now = formatTime(this.cluster.clock.now());
    this.cluster.update(
      crd,
      (copy) => {
        copy.status = {
          conditions: [
            {
              type: 'NamesAccepted',
              status: 'True',
              reason: 'NoConflicts',
              message: 'no conflicts found',
              lastTransitionTime: now,
            },
            {
              type: 'Established',
              status: 'True',
              reason: 'InitialNamesAccepted',
              message: 'the initial names have been accepted',
              lastTransitionTime: now,
            },
          ],
          acceptedNames: getIn(crd, ['spec', 'names']) as JsonObject,
          storedVersions: asArray(getIn(crd, ['spec', 'versions']))
            .map(asObject)
            .filter((v) => v.storage === true)
            .map((v) => asString(v.name)),
        };
      },
      'apiextensions-apiserver',
      'status',
    );
  }
}
