import { callerOf } from './query.js';
import { listEnvelope, sendJson } from './respond.js';
import { methodNotSupported } from '../api/errors.js';
import { apiVersionOf } from '../api/resource-type.js';
import { asObject, asString } from '../util/object.js';

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
/** Dispatches the main verbs of a stored resource. */
export async function handleVerb(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const namespace = type.namespaced && info.namespace !== '' ? info.namespace : undefined;
  const ns = info.namespace;
  switch (info.verb) {
    case 'get':
      return sendObject(exchange, 200, context.service.get(type, ns, info.name));
    case 'list':
      return sendList(exchange, namespace);
    case 'watch':
      return startWatch(exchange, namespace);
    case 'create': {
      const caller = callerOf(request, query, false);
      return sendObject(
        exchange,
        201,
        context.service.create(type, ns, await objectBody(exchange), caller),
        caller.warnings,
      );
    }
    case 'update': {
      const caller = callerOf(request, query, false);
      const sub = info.subresource === 'status' ? 'status' : '';
      return sendObject(
        exchange,
        200,
        context.service.update(type, ns, info.name, await objectBody(exchange), caller, sub),
        caller.warnings,
      );
    }
    case 'patch': {
      const patchType = patchTypeOf(request.headers['content-type'] ?? '');
      const caller = callerOf(request, query, patchType === 'apply');
      const existed = context.service.stored(type, ns, info.name) !== undefined;
      const sub = info.subresource === 'status' ? 'status' : '';
      const result = context.service.patch(type, ns, info.name, patchType, await bodyOf(exchange), caller, sub);
      return sendObject(exchange, existed ? 200 : 201, result, caller.warnings);
    }
    case 'delete': {
      const caller = callerOf(request, query, false);
      const options = await deleteOptionsOf(exchange);
      const result = context.service.delete(type, ns, info.name, options, {
        ...caller,
        dryRun: caller.dryRun || options.dryRun,
      });
      return sendJson(
        exchange.response,
        result.kind === 'Status' ? 200 : asObject(result.metadata).deletionTimestamp ? 202 : 200,
        result,
      );
    }
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
