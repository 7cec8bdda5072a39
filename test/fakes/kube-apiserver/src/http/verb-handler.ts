import {
  type Exchange,
  bodyOf,
  deleteOptionsOf,
  objectBody,
  patchTypeOf,
  sendList,
  sendObject,
  startWatch,
} from './exchange.js';
import { callerOf } from './query.js';
import { listEnvelope, sendJson } from './respond.js';
import { methodNotSupported } from '../api/errors.js';
import { apiVersionOf } from '../api/resource-type.js';
import { asObject, asString } from '../util/object.js';

function subresourceOf(exchange: Exchange): '' | 'status' {
  return exchange.info.subresource === 'status' ? 'status' : '';
}

async function createObject(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const caller = callerOf(request, query, false);
  const created = context.service.create(type, info.namespace, await objectBody(exchange), caller);
  sendObject(exchange, 201, created, caller.warnings);
}

async function updateObject(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const caller = callerOf(request, query, false);
  const body = await objectBody(exchange);
  const updated = context.service.update(type, info.namespace, info.name, body, caller, subresourceOf(exchange));
  sendObject(exchange, 200, updated, caller.warnings);
}

async function patchObject(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const patchType = patchTypeOf(request.headers['content-type'] ?? '');
  const caller = callerOf(request, query, patchType === 'apply');
  const existed = context.service.stored(type, info.namespace, info.name) !== undefined;
  const patch = await bodyOf(exchange);
  const result = context.service.patch(
    type,
    info.namespace,
    info.name,
    patchType,
    patch,
    caller,
    subresourceOf(exchange),
  );
  sendObject(exchange, existed ? 200 : 201, result, caller.warnings);
}

async function deleteObject(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const caller = callerOf(request, query, false);
  const options = await deleteOptionsOf(exchange);
  const result = context.service.delete(type, info.namespace, info.name, options, {
    ...caller,
    dryRun: caller.dryRun || options.dryRun,
  });
  // A deletion that waits on finalizers answers 202 with the object, as the real server does.
  const pending = result.kind !== 'Status' && asObject(result.metadata).deletionTimestamp !== undefined;
  sendJson(exchange.response, pending ? 202 : 200, result);
}

/** Dispatches the main verbs of a stored resource. */
export async function handleVerb(exchange: Exchange): Promise<void> {
  const { context, type, info } = exchange;
  const namespace = type.namespaced && info.namespace !== '' ? info.namespace : undefined;
  switch (info.verb) {
    case 'get':
      return sendObject(exchange, 200, context.service.get(type, info.namespace, info.name));
    case 'list':
      return sendList(exchange, namespace);
    case 'watch':
      return startWatch(exchange, namespace);
    case 'create':
      return createObject(exchange);
    case 'update':
      return updateObject(exchange);
    case 'patch':
      return patchObject(exchange);
    case 'delete':
      return deleteObject(exchange);
    case 'deletecollection':
      return deleteCollection(exchange, namespace);
    default:
      throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
  }
}

/** DELETE on a collection: deletes what the selectors match and returns them. */
export async function deleteCollection(exchange: Exchange, namespace: string | undefined): Promise<void> {
  const { context, type, query, request } = exchange;
  const options = await deleteOptionsOf(exchange);
  const caller = { ...callerOf(request, query, false), dryRun: query.getAll('dryRun').length > 0 || options.dryRun };
  const page = context.service.list(type, namespace, {
    labelSelector: query.get('labelSelector'),
    fieldSelector: query.get('fieldSelector'),
  });
  const deleted = page.items.map((item) => {
    const meta = asObject(item.metadata);
    context.service.delete(type, asString(meta.namespace), asString(meta.name), options, caller);
    return item;
  });
  sendJson(
    exchange.response,
    200,
    listEnvelope(
      type.listKind,
      apiVersionOf(type),
      { resourceVersion: String(context.store.currentRevision()) },
      deleted,
    ),
  );
}
