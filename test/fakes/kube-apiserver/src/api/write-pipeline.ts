import { type Caller } from './caller.js';
import { ApiError, badRequest, forbidden, invalid, notFound } from './errors.js';
import { pruneUnknownFields } from './prune.js';
import { findTypeMismatches, openApiTypeOf } from './type-check.js';
import { type ResourceType, apiVersionOf } from './resource-type.js';
import { toServed } from './served-form.js';
import { type WriteContext, trackUpdate } from '../apply/managed-fields.js';
import { applyDefaults } from '../kinds/defaults.js';
import { validateImmutable, validateObject } from '../kinds/validation.js';
import { type Schema } from '../openapi/schema.js';
import { type ObjectStore } from '../store/object-store.js';
import { type JsonObject, asArray, asObject, asString, deepEqual, ensureObject } from '../util/object.js';
import { type Clock, formatTime } from '../util/time.js';

/** What the write pipeline needs from the server. */
export interface PipelineDeps {
  store: ObjectStore;
  clock: Clock;
  schemaOf(type: ResourceType): Schema | undefined;
  /** The schema of the stored form (differs from schemaOf for converted views such as events.k8s.io/v1). */
  storageSchemaOf(type: ResourceType): Schema | undefined;
}

/** One write on its way to storage. */
export interface PendingWrite {
  type: ResourceType;
  previous: JsonObject | undefined;
  next: JsonObject;
  caller: Caller;
  subresource: '' | 'status' | 'scale';
  /** Server-side apply already recorded managedFields. */
  managedFieldsDone?: boolean;
}

function hasStatusSubresource(type: ResourceType): boolean {
  return type.subresources.some((sub) => sub.name === 'status');
}

function withoutMetaAndStatus(object: JsonObject): JsonObject {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

function carryOver(write: PendingWrite, previous: JsonObject, now: Date): void {
  const { next, type } = write;
  const meta = ensureObject(next, ['metadata']);
  const oldMeta = asObject(previous.metadata);
  for (const key of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation']) {
    if (oldMeta[key] === undefined) delete meta[key];
    else meta[key] = oldMeta[key];
  }
  if (write.subresource === 'status') {
    write.next = { ...previous, status: next.status, metadata: { ...oldMeta, managedFields: meta.managedFields } };
  } else if (hasStatusSubresource(type)) {
    if (previous.status === undefined) delete next.status;
    else next.status = previous.status;
  }
  if (type.kind === 'Service' && type.group === '') {
    const spec = ensureObject(write.next, ['spec']);
    spec.clusterIP ??= asObject(previous.spec).clusterIP;
    spec.clusterIPs ??= asObject(previous.spec).clusterIPs;
  }
  if (!deepEqual(withoutMetaAndStatus(previous), withoutMetaAndStatus(write.next))) {
    ensureObject(write.next, ['metadata']).generation = Number(oldMeta.generation ?? 1) + 1;
  }
  void now;
}

/**
 * A write that changes metadata.managedFields itself (kubectl's client-side to
 * server-side apply migration does) keeps what it wrote, as on a real server.
 */
function setsManagedFields(write: PendingWrite): boolean {
  const wanted = asObject(write.next.metadata).managedFields;
  if (write.previous === undefined || wanted === undefined) return false;
  return !deepEqual(wanted, asObject(write.previous.metadata).managedFields);
}

function stampNew(next: JsonObject, now: Date): void {
  const meta = ensureObject(next, ['metadata']);
  meta.uid = crypto.randomUUID();
  meta.creationTimestamp = formatTime(now);
  meta.generation = 1;
  for (const key of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'])
    delete meta[key];
}

function checkNamespace(deps: PipelineDeps, write: PendingWrite, namespace: string): void {
  if (!write.type.namespaced) return;
  const ns = deps.store.get('/namespaces', '', namespace);
  if (ns === undefined) throw notFound({ resource: 'namespaces', group: '', name: namespace });
  if (asObject(ns.metadata).deletionTimestamp !== undefined && write.previous === undefined) {
    const error = forbidden({ resource: write.type.plural, group: write.type.group }, 'system', 'create', namespace);
    throw new ApiError(
      403,
      'Forbidden',
      `${error.message.split(' is forbidden')[0]} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      error.details,
    );
  }
}

function checkTypes(write: PendingWrite, schema: Schema | undefined): void {
  const mismatches = findTypeMismatches(write.next, schema);
  const first = mismatches[0];
  if (first === undefined) return;
  const { type } = write;
  if (type.model === undefined) {
    const causes = mismatches.map((m) => ({
      reason: 'FieldValueTypeInvalid',
      message: `Invalid value: "${openApiTypeOf(m.value)}": ${m.path} in body must be of type ${m.openApiType}: ${JSON.stringify(m.value)}`,
      field: m.path,
    }));
    throw invalid(type.kind, type.group, asString(asObject(write.next.metadata).name), causes);
  }
  // Built-in kinds fail while decoding into Go structs, before validation, with the decoder's words.
  throw badRequest(
    `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${first.actual} into Go struct field ${first.parent}.${first.path} of type ${first.goType}`,
  );
}

function checkFieldValidation(write: PendingWrite, schema: Schema | undefined): void {
  const unknown = pruneUnknownFields(write.next, schema);
  if (unknown.length === 0 || write.caller.fieldValidation === 'Ignore') return;
  const messages = unknown.map((path) => `unknown field "${path}"`);
  if (write.caller.fieldValidation === 'Strict') throw badRequest(`strict decoding error: ${messages.join(', ')}`);
  write.caller.warnings.push(...messages);
}

/**
 * The common tail of every write: metadata stamping, status-subresource rules,
 * defaulting, validation, generation, managedFields, then storage (or not, on
 * dry run). Returns the object as the type serves it.
 */
export function commitWrite(deps: PipelineDeps, write: PendingWrite): JsonObject {
  const { type } = write;
  const now = deps.clock.now();
  const schema = deps.storageSchemaOf(type);
  const namespace = type.namespaced ? asString(asObject(write.next.metadata).namespace) : '';
  checkNamespace(deps, write, namespace);
  if (write.previous === undefined) {
    stampNew(write.next, now);
    // Create ignores a client-supplied status where status is a subresource; controllers and seeding may set it.
    if (!write.caller.internal && hasStatusSubresource(type)) delete write.next.status;
  } else carryOver(write, write.previous, now);
  checkTypes(write, schema);
  checkFieldValidation(write, schema);
  applyDefaults(type.group, type.kind, write.next);
  const name = asString(asObject(write.next.metadata).name);
  const causes = [
    ...validateObject(type.group, type.kind, write.next),
    ...(write.previous !== undefined && !write.caller.internal
      ? validateImmutable(type.group, type.kind, write.previous, write.next)
      : []),
  ];
  if (causes.length > 0) throw invalid(type.kind, type.group, name, causes);
  if (write.managedFieldsDone !== true && !setsManagedFields(write)) {
    const context: WriteContext = {
      manager: write.caller.manager,
      apiVersion: apiVersionOf(type),
      subresource: write.subresource,
      schema,
      now,
      hasStatus: hasStatusSubresource(type),
    };
    trackUpdate(write.previous, write.next, context);
  }
  if (write.caller.dryRun) return toServed(type, write.next);
  if (
    write.previous !== undefined &&
    asObject(write.next.metadata).deletionTimestamp !== undefined &&
    asArray(asObject(write.next.metadata).finalizers).length === 0
  ) {
    deps.store.put(type.storage, write.next);
    return toServed(type, deps.store.remove(type.storage, namespace, name) ?? write.next);
  }
  return toServed(type, deps.store.put(type.storage, write.next));
}
