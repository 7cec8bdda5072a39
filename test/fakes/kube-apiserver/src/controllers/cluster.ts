import { systemCaller } from '../api/caller.js';
import { type Registry } from '../api/registry.js';
import { type ResourceService } from '../api/resource-service.js';
import { type ResourceType, apiVersionOf } from '../api/resource-type.js';
import { type ObjectStore } from '../store/object-store.js';
import { type JsonObject, asArray, asObject, asString, clone, getIn } from '../util/object.js';
import { type Clock, formatTime } from '../util/time.js';

/** An object's identity as ownerReferences and events name it. */
export interface ObjectRef {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  uid: string;
}

/** The reference to an object, for events and owner references. */
export function refOf(object: JsonObject): ObjectRef {
  const meta = asObject(object.metadata);
  return {
    kind: asString(object.kind),
    apiVersion: asString(object.apiVersion),
    namespace: asString(meta.namespace),
    name: asString(meta.name),
    uid: asString(meta.uid),
  };
}

/** The uid of the controller owner of an object, if any. */
export function controllerUid(object: JsonObject): string | undefined {
  const owner = asArray(getIn(object, ['metadata', 'ownerReferences']))
    .map(asObject)
    .find((ref) => ref.controller === true);
  return owner === undefined ? undefined : asString(owner.uid);
}

/** The controller ownerReference pointing at `owner`. */
export function controllerReference(owner: JsonObject): JsonObject {
  const ref = refOf(owner);
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    uid: ref.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A Pod a workload controller makes from its owner's pod template. */
export interface OwnedPod {
  name: string;
  /** Labels added to the template's. */
  labels?: JsonObject;
  /** Spec fields set over the template's. */
  spec?: JsonObject;
  /** The SuccessfulCreate event's message; `Created pod: <name>` unless the controller words it otherwise. */
  message?: string;
}

/** What controllers use to read and write the cluster: the API verbs as the system, plus event recording. */
export class Cluster {
  private eventCounter = 0;

  constructor(
    readonly store: ObjectStore,
    readonly registry: Registry,
    readonly service: ResourceService,
    readonly clock: Clock,
  ) {}

  type(group: string, kind: string): ResourceType {
    const type = this.registry.findKind(group, kind);
    if (type === undefined) throw new Error(`no served type ${group}/${kind}`);
    return type;
  }

  get(group: string, kind: string, namespace: string, name: string): JsonObject | undefined {
    const type = this.type(group, kind);
    const stored = this.service.stored(type, namespace, name);
    return stored === undefined ? undefined : this.service.get(type, namespace, name);
  }

  list(group: string, kind: string, namespace: string | undefined): JsonObject[] {
    return this.service.list(this.type(group, kind), namespace, {}).items;
  }

  /** Objects of a kind in a namespace whose controller is `ownerUid`. */
  owned(group: string, kind: string, namespace: string, ownerUid: string): JsonObject[] {
    return this.list(group, kind, namespace).filter((object) => controllerUid(object) === ownerUid);
  }

  create(group: string, kind: string, namespace: string, object: JsonObject, manager: string): JsonObject {
    return this.service.create(this.type(group, kind), namespace, object, systemCaller(manager));
  }

  /** Writes a changed copy of `object` (main resource or status) as `manager`. */
  update(
    object: JsonObject,
    change: (copy: JsonObject) => void,
    manager: string,
    subresource: '' | 'status' = '',
  ): JsonObject {
    const ref = refOf(object);
    const type = this.type(ref.apiVersion.includes('/') ? (ref.apiVersion.split('/')[0] ?? '') : '', ref.kind);
    const copy = clone(object);
    change(copy);
    return this.service.update(type, ref.namespace, ref.name, copy, systemCaller(manager), subresource);
  }

  delete(object: JsonObject, manager: string): void {
    const ref = refOf(object);
    const type = this.type(ref.apiVersion.includes('/') ? (ref.apiVersion.split('/')[0] ?? '') : '', ref.kind);
    if (this.service.stored(type, ref.namespace, ref.name) === undefined) return;
    this.service.delete(type, ref.namespace, ref.name, { propagationPolicy: 'Background' }, systemCaller(manager));
  }

  /**
   * Creates a Pod from `owner`'s pod template, with `owner` as its controller,
   * and records the SuccessfulCreate event the real controller writes.
   */
  createPodFor(owner: JsonObject, manager: string, pod: OwnedPod): JsonObject {
    const template = clone(asObject(getIn(owner, ['spec', 'template'])));
    const meta = asObject(template.metadata);
    const created = this.create(
      '',
      'Pod',
      asString(getIn(owner, ['metadata', 'namespace'])),
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...meta,
          name: pod.name,
          ...(pod.labels === undefined ? {} : { labels: { ...asObject(meta.labels), ...pod.labels } }),
          ownerReferences: [controllerReference(owner)],
        },
        spec: pod.spec === undefined ? template.spec : { ...asObject(template.spec), ...pod.spec },
      },
      manager,
    );
    this.recordEvent(owner, {
      reason: 'SuccessfulCreate',
      message: pod.message ?? `Created pod: ${pod.name}`,
      component: manager,
    });
    return created;
  }

  /** Records a core/v1 Event about `object`, as a component of the control plane would. */
  recordEvent(
    object: JsonObject,
    event: {
      type?: 'Normal' | 'Warning';
      reason: string;
      message: string;
      component: string;
      fieldPath?: string;
      host?: string;
    },
  ): void {
    const ref = refOf(object);
    const now = formatTime(this.clock.now());
    this.eventCounter++;
    const suffix = (Date.now() * 1000 + this.eventCounter).toString(16).slice(-16).padStart(16, '0');
    const type = this.type('', 'Event');
    this.service.create(
      type,
      ref.namespace || 'default',
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${ref.name}.${suffix}`, namespace: ref.namespace || 'default' },
        involvedObject: {
          kind: ref.kind,
          namespace: ref.namespace || undefined,
          name: ref.name,
          uid: ref.uid,
          apiVersion: ref.apiVersion,
          resourceVersion: asString(getIn(object, ['metadata', 'resourceVersion'])),
          ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
        },
        reason: event.reason,
        message: event.message,
        source: { component: event.component, ...(event.host ? { host: event.host } : {}) },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type: event.type ?? 'Normal',
        eventTime: null,
        reportingComponent: event.component,
        reportingInstance: event.host ?? '',
      },
      systemCaller(event.component),
    );
  }

  /** The apiVersion of a served kind. */
  apiVersion(group: string, kind: string): string {
    return apiVersionOf(this.type(group, kind));
  }
}
