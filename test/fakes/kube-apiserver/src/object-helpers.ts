import { systemCaller } from './api/caller.js';
import { type Cluster } from './controllers/cluster.js';
import { type JsonObject, asString, getIn } from './util/object.js';

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

/** Direct object access for tests and seeding: system identity, status kept, controllers react as usual. */
export class ObjectHelpers {
  constructor(private readonly cluster: Cluster) {}

  /** Creates an object (its namespace must exist; Namespaces are cluster-scoped). */
  create(object: JsonObject): JsonObject {
    const apiVersion = asString(object.apiVersion);
    const type = this.cluster.registry.findKind(
      groupOf(apiVersion),
      asString(object.kind),
      apiVersion.split('/').pop(),
    );
    if (type === undefined) throw new Error(`the fake serves no ${apiVersion} ${asString(object.kind)}`);
    const namespace = type.namespaced ? asString(getIn(object, ['metadata', 'namespace'])) || 'default' : '';
    return this.cluster.service.create(type, namespace, object, systemCaller('seed'));
  }

  /** Reads an object as served, or undefined. */
  get(apiVersion: string, kind: string, namespace: string, name: string): JsonObject | undefined {
    return this.cluster.get(groupOf(apiVersion), kind, namespace, name);
  }

  /** Lists objects of a kind (all namespaces when `namespace` is undefined). */
  list(apiVersion: string, kind: string, namespace?: string): JsonObject[] {
    return this.cluster.list(groupOf(apiVersion), kind, namespace);
  }

  /**
   * Replaces an object's status, e.g. to put a pod into CrashLoopBackOff with
   * restarts for a diagnosis test; throws when the object does not exist.
   */
  setStatus(apiVersion: string, kind: string, namespace: string, name: string, status: JsonObject): JsonObject {
    const object = this.get(apiVersion, kind, namespace, name);
    if (object === undefined) throw new Error(`no ${kind} ${namespace}/${name}`);
    return this.cluster.update(object, (copy) => (copy.status = status), 'seed', 'status');
  }

  /** Records a core/v1 Event about an object, as a controller or the kubelet would. */
  recordEvent(
    object: JsonObject,
    event: { type?: 'Normal' | 'Warning'; reason: string; message: string; component?: string },
  ): void {
    this.cluster.recordEvent(object, { ...event, component: event.component ?? 'kubelet' });
  }

  /** Deletes an object if it exists. */
  delete(apiVersion: string, kind: string, namespace: string, name: string): void {
    const object = this.get(apiVersion, kind, namespace, name);
    if (object !== undefined) this.cluster.delete(object, 'seed');
  }
}
