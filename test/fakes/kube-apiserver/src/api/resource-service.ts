import { type Caller } from './caller.js';
import { alreadyExists, badRequest, conflict, notFound, staleObjectMessage, unsupportedMediaType } from './errors.js';
import { listObjects, type ListPage, type ListQuery } from './list-objects.js';
import { type ResourceType, apiVersionOf } from './resource-type.js';
import { randomSuffix, toServed, toStorage } from './served-form.js';
import { type PipelineDeps, commitWrite } from './write-pipeline.js';
import { serverSideApply } from '../apply/server-side-apply.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { applyStrategicMergePatch } from '../patch/strategic-merge.js';
import { type JsonObject, asArray, asObject, asString, clone, ensureObject, isObject } from '../util/object.js';
import { formatTime } from '../util/time.js';

/** The patch media types the API accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Options of a delete. */
export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Kinds whose DELETE answers with the deleted object rather than a Status. */
const returnsDeletedObject = new Set(['/pods', '/services', '/serviceaccounts', '/persistentvolumeclaims']);

/** The verbs of the API on stored resources, independent of HTTP: what handlers and controllers call. */
export class ResourceService {
  constructor(private readonly deps: PipelineDeps) {}

  /** The stored object (storage form; never mutate it), if any. */
  stored(type: ResourceType, namespace: string, name: string): JsonObject | undefined {
    return this.deps.store.get(type.storage, type.namespaced ? namespace : '', name);
  }

  /** GET: the object as served, or 404. */
  get(type: ResourceType, namespace: string, name: string): JsonObject {
    const stored = this.stored(type, namespace, name);
    if (stored === undefined) throw notFound({ resource: type.plural, group: type.group, name });
    return toServed(type, stored);
  }

  /** LIST with selectors and paging. */
  list(type: ResourceType, namespace: string | undefined, query: ListQuery): ListPage {
    return listObjects(this.deps.store, type, type.namespaced ? namespace : undefined, query);
  }

  /** POST: creates an object from a request body. */
  create(type: ResourceType, namespace: string, body: JsonObject, caller: Caller): JsonObject {
    const next = toStorage(type, this.checkBody(type, body));
    const meta = ensureObject(next, ['metadata']);
    if (asString(meta.name) === '' && asString(meta.generateName) !== '')
      meta.name = `${asString(meta.generateName)}${randomSuffix()}`;
    this.bindNamespace(type, meta, namespace);
    const name = asString(meta.name);
    if (name !== '' && this.stored(type, namespace, name) !== undefined)
      throw alreadyExists({ resource: type.plural, group: type.group, name });
    return commitWrite(this.deps, { type, previous: undefined, next, caller, subresource: '' });
  }

  /** PUT: replaces an object (or its status), honouring resourceVersion preconditions. */
  update(
    type: ResourceType,
    namespace: string,
    name: string,
    body: JsonObject,
    caller: Caller,
    subresource: '' | 'status' = '',
  ): JsonObject {
    const previous = this.stored(type, namespace, name);
    if (previous === undefined) throw notFound({ resource: type.plural, group: type.group, name });
    const next = toStorage(type, this.checkBody(type, body));
    const meta = ensureObject(next, ['metadata']);
    if (asString(meta.name) !== name)
      throw badRequest(`the name of the object (${asString(meta.name)}) does not match the name on the URL (${name})`);
    this.checkResourceVersion(type, previous, next);
    this.bindNamespace(type, meta, namespace);
    return commitWrite(this.deps, { type, previous, next, caller, subresource });
  }

  /** PATCH with any of the four patch types; apply may create. */
  patch(
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    patch: unknown,
    caller: Caller,
    subresource: '' | 'status' = '',
  ): JsonObject {
    if (patchType === 'apply') return this.apply(type, namespace, name, patch, caller, subresource);
    const previous = this.stored(type, namespace, name);
    if (previous === undefined) throw notFound({ resource: type.plural, group: type.group, name });
    const served = clone(toServed(type, previous));
    const patched = this.applyPatch(type, served, patchType, patch);
    const next = toStorage(type, patched);
    this.checkResourceVersion(type, previous, next);
    const meta = ensureObject(next, ['metadata']);
    meta.name = name;
    this.bindNamespace(type, meta, namespace);
    return commitWrite(this.deps, { type, previous, next, caller, subresource });
  }

  /** DELETE: removes the object, or marks it for deletion while finalizers remain. */
  delete(type: ResourceType, namespace: string, name: string, options: DeleteOptions, caller: Caller): JsonObject {
    const previous = this.stored(type, namespace, name);
    if (previous === undefined) throw notFound({ resource: type.plural, group: type.group, name });
    const meta = asObject(previous.metadata);
    this.checkPreconditions(type, name, meta, options);
    const pending = type.kind === 'Namespace' || asArray(meta.finalizers).length > 0;
    if (pending) return this.markDeleting(type, previous, caller);
    if (caller.dryRun) return this.deleteResponse(type, previous);
    if (options.propagationPolicy === 'Orphan') this.orphanDependents(asString(meta.uid), asString(meta.namespace));
    const removed = this.deps.store.remove(type.storage, type.namespaced ? namespace : '', name) ?? previous;
    return this.deleteResponse(type, removed);
  }

  private markDeleting(type: ResourceType, previous: JsonObject, caller: Caller): JsonObject {
    if (asObject(previous.metadata).deletionTimestamp !== undefined) return toServed(type, previous);
    const next = clone(previous);
    const meta = ensureObject(next, ['metadata']);
    meta.deletionTimestamp = formatTime(this.deps.clock.now());
    meta.deletionGracePeriodSeconds = 0;
    if (type.kind === 'Namespace') ensureObject(next, ['status']).phase = 'Terminating';
    if (caller.dryRun) return toServed(type, next);
    return toServed(type, this.deps.store.put(type.storage, next));
  }

  private deleteResponse(type: ResourceType, removed: JsonObject): JsonObject {
    if (returnsDeletedObject.has(type.storage)) return toServed(type, removed);
    const meta = asObject(removed.metadata);
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: meta.name,
        ...(type.group === '' ? {} : { group: type.group }),
        kind: type.plural,
        uid: meta.uid,
      },
    };
  }

  private orphanDependents(uid: string, namespace: string): void {
    for (const storage of ['apps/replicasets', '/pods', 'batch/jobs', 'apps/controllerrevisions']) {
      for (const object of this.deps.store.list(storage, namespace)) {
        const owners = asArray(asObject(object.metadata).ownerReferences);
        if (!owners.some((owner) => asObject(owner).uid === uid)) continue;
        const next = clone(object);
        ensureObject(next, ['metadata']).ownerReferences = owners.filter((owner) => asObject(owner).uid !== uid);
        this.deps.store.put(storage, next);
      }
    }
  }

  private apply(
    type: ResourceType,
    namespace: string,
    name: string,
    patch: unknown,
    caller: Caller,
    subresource: '' | 'status',
  ): JsonObject {
    const config = this.checkBody(type, isObject(patch) ? patch : {});
    const meta = ensureObject(config, ['metadata']);
    if (asString(meta.name) !== name)
      throw badRequest(`the name of the object (${asString(meta.name)}) does not match the name on the URL (${name})`);
    if (asString(config.apiVersion) === '' || asString(config.kind) === '')
      throw badRequest('invalid object type: /, Kind=');
    this.bindNamespace(type, meta, namespace);
    const previous = this.stored(type, namespace, name);
    const schema = this.deps.schemaOf(type);
    const context = {
      manager: caller.manager,
      apiVersion: apiVersionOf(type),
      subresource,
      schema,
      now: this.deps.clock.now(),
      hasStatus: type.subresources.some((s) => s.name === 'status'),
    };
    const live = previous === undefined ? undefined : clone(toServed(type, previous));
    const merged = serverSideApply({ live, config, force: caller.force, context });
    const next = toStorage(type, merged);
    this.bindNamespace(type, ensureObject(next, ['metadata']), namespace);
    return commitWrite(this.deps, { type, previous, next, caller, subresource, managedFieldsDone: true });
  }

  private applyPatch(type: ResourceType, served: JsonObject, patchType: PatchType, patch: unknown): JsonObject {
    if (patchType === 'json') return applyJsonPatch(served, patch);
    if (patchType === 'merge') {
      if (!isObject(patch))
        throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
      return asObject(applyMergePatch(served, patch));
    }
    if (type.model === undefined)
      throw unsupportedMediaType('application/strategic-merge-patch+json', [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]);
    return applyStrategicMergePatch(served, patch, this.deps.schemaOf(type));
  }

  private checkBody(type: ResourceType, body: JsonObject): JsonObject {
    const kind = asString(body.kind);
    const apiVersion = asString(body.apiVersion);
    if ((kind !== '' && kind !== type.kind) || (apiVersion !== '' && apiVersion !== apiVersionOf(type))) {
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(type)})`,
      );
    }
    return body;
  }

  private bindNamespace(type: ResourceType, meta: JsonObject, namespace: string): void {
    if (!type.namespaced) {
      delete meta.namespace;
      return;
    }
    const declared = asString(meta.namespace);
    if (declared !== '' && declared !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace;
  }

  private checkResourceVersion(type: ResourceType, previous: JsonObject, next: JsonObject): void {
    const wanted = asString(asObject(next.metadata).resourceVersion);
    const current = asString(asObject(previous.metadata).resourceVersion);
    if (wanted !== '' && wanted !== current) {
      throw conflict(
        { resource: type.plural, group: type.group, name: asString(asObject(previous.metadata).name) },
        staleObjectMessage,
      );
    }
  }

  private checkPreconditions(type: ResourceType, name: string, meta: JsonObject, options: DeleteOptions): void {
    const { uid, resourceVersion } = options.preconditions ?? {};
    const subject = { resource: type.plural, group: type.group, name };
    if (uid !== undefined && uid !== meta.uid) {
      throw conflict(
        subject,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${asString(meta.uid)}`,
      );
    }
    if (resourceVersion !== undefined && resourceVersion !== meta.resourceVersion) {
      throw conflict(
        subject,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${asString(meta.resourceVersion)}`,
      );
    }
  }
}
