import { type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeBody, readBody } from './body.js';
import { type ServerContext } from './context.js';
import { serveLogs } from './log-handler.js';
import { responseShape } from './negotiate.js';
import { boolParam, callerOf, intParam } from './query.js';
import { type ResourceRequest } from './request-info.js';
import { listEnvelope, sendJson } from './respond.js';
import { type IncludeObject, toPartial, toTable } from './table.js';
import { answerReview, readMetrics } from './virtual-handlers.js';
import { compileFilter } from '../api/list-objects.js';
import { badRequest, forbidden, methodNotSupported, pathNotFound, unsupportedMediaType } from '../api/errors.js';
import { type DeleteOptions, type PatchType } from '../api/resource-service.js';
import { type ResourceType, apiVersionOf } from '../api/resource-type.js';
import { type User, userAllows } from '../auth/users.js';
import { serveWatch } from './watch.js';
import { type JsonObject, asObject, asString, isObject } from '../util/object.js';

/** One resource request with everything decoded. */
interface Exchange {
  context: ServerContext;
  request: IncomingMessage;
  response: ServerResponse;
  info: ResourceRequest;
  type: ResourceType;
  query: URLSearchParams;
  user: User;
}

function patchTypeOf(contentType: string): PatchType {
  if (contentType.startsWith('application/json-patch+json')) return 'json';
  if (contentType.startsWith('application/merge-patch+json')) return 'merge';
  if (contentType.startsWith('application/strategic-merge-patch+json')) return 'strategic';
  if (contentType.startsWith('application/apply-patch+yaml') || contentType.startsWith('application/apply-patch+json')) return 'apply';
  throw unsupportedMediaType(contentType, ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml', 'application/strategic-merge-patch+json']);
}

async function bodyOf(exchange: Exchange): Promise<unknown> {
  return decodeBody(await readBody(exchange.request), exchange.request.headers['content-type'] ?? 'application/json');
}

async function objectBody(exchange: Exchange): Promise<JsonObject> {
  const body = await bodyOf(exchange);
  if (!isObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}

function includeOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function sendObject(exchange: Exchange, code: number, object: JsonObject, warnings: string[] = []): void {
  const { context, type, request, query } = exchange;
  const shape = responseShape(request.headers.accept);
  const isOwnKind = object.kind === type.kind;
  if (shape === 'table' && isOwnKind) {
    const table = toTable(type, [object], { include: includeOf(query), now: context.clock.now(), listMeta: { resourceVersion: asString(asObject(object.metadata).resourceVersion) } });
    sendJson(exchange.response, code, table, warnings);
  } else if (shape === 'partial' && isOwnKind) sendJson(exchange.response, code, toPartial(object), warnings);
  else sendJson(exchange.response, code, object, warnings);
}

function sendList(exchange: Exchange, namespace: string | undefined): void {
  const { context, type, query, request } = exchange;
  const page = context.service.list(type, namespace, {
    labelSelector: query.get('labelSelector'),
    fieldSelector: query.get('fieldSelector'),
    limit: intParam(query, 'limit'),
    continueToken: query.get('continue'),
  });
  const listMeta: JsonObject = {
    resourceVersion: page.resourceVersion,
    ...(page.continueToken === undefined ? {} : { continue: page.continueToken }),
    ...(page.remainingItemCount === undefined ? {} : { remainingItemCount: page.remainingItemCount }),
  };
  const shape = responseShape(request.headers.accept);
  if (shape === 'table') {
    sendJson(exchange.response, 200, toTable(type, page.items, { include: includeOf(query), now: context.clock.now(), listMeta }));
  } else if (shape === 'partial') {
    sendJson(exchange.response, 200, listEnvelope('PartialObjectMetadataList', 'meta.k8s.io/v1', listMeta, page.items.map(toPartial)));
  } else sendJson(exchange.response, 200, listEnvelope(type.listKind, apiVersionOf(type), listMeta, page.items));
}

function startWatch(exchange: Exchange, namespace: string | undefined): void {
  const { context, type, query, request } = exchange;
  const fieldSelector = query.get('fieldSelector');
  const nameSelector = exchange.info.name === '' ? fieldSelector : [fieldSelector, `metadata.name=${exchange.info.name}`].filter(Boolean).join(',');
  const filter = compileFilter(type, { labelSelector: query.get('labelSelector'), fieldSelector: nameSelector });
  serveWatch(
    exchange.response,
    {
      type,
      namespace,
      filter,
      resourceVersion: query.get('resourceVersion') ?? '',
      allowBookmarks: boolParam(query, 'allowWatchBookmarks'),
      sendInitialEvents: boolParam(query, 'sendInitialEvents'),
      timeoutSeconds: intParam(query, 'timeoutSeconds'),
      shape: responseShape(request.headers.accept),
      include: includeOf(query),
    },
    { store: context.store, clock: context.clock, bookmarkIntervalMs: context.bookmarkIntervalMs, track: context.track },
  );
}

/** DeleteOptions from the query and the body (kubectl sends dryRun and propagationPolicy in the body). */
async function deleteOptionsOf(exchange: Exchange): Promise<DeleteOptions & { dryRun: boolean }> {
  const body = asObject(await bodyOf(exchange));
  const dryRun = Array.isArray(body.dryRun) && body.dryRun.includes('All');
  const policy = exchange.query.get('propagationPolicy') ?? asString(body.propagationPolicy);
  const preconditions = asObject(body.preconditions);
  return {
    dryRun,
    ...(policy === 'Orphan' || policy === 'Background' || policy === 'Foreground' ? { propagationPolicy: policy } : {}),
    ...(Object.keys(preconditions).length > 0 ? { preconditions: { ...(typeof preconditions.uid === 'string' ? { uid: preconditions.uid } : {}), ...(typeof preconditions.resourceVersion === 'string' ? { resourceVersion: preconditions.resourceVersion } : {}) } } : {}),
  };
}

async function handleVerb(exchange: Exchange): Promise<void> {
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
      return sendObject(exchange, 201, context.service.create(type, ns, await objectBody(exchange), caller), caller.warnings);
    }
    case 'update': {
      const caller = callerOf(request, query, false);
      const sub = info.subresource === 'status' ? 'status' : '';
      return sendObject(exchange, 200, context.service.update(type, ns, info.name, await objectBody(exchange), caller, sub), caller.warnings);
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
      const result = context.service.delete(type, ns, info.name, options, { ...caller, dryRun: caller.dryRun || options.dryRun });
      return sendJson(exchange.response, result.kind === 'Status' ? 200 : asObject(result.metadata).deletionTimestamp ? 202 : 200, result);
    }
    case 'deletecollection':
      return deleteCollection(exchange, namespace);
    default:
      throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
  }
}

async function deleteCollection(exchange: Exchange, namespace: string | undefined): Promise<void> {
  const { context, type, query, request } = exchange;
  const options = await deleteOptionsOf(exchange);
  const caller = { ...callerOf(request, query, false), dryRun: query.getAll('dryRun').length > 0 || options.dryRun };
  const page = context.service.list(type, namespace, { labelSelector: query.get('labelSelector'), fieldSelector: query.get('fieldSelector') });
  const deleted = page.items.map((item) => {
    const meta = asObject(item.metadata);
    context.service.delete(type, asString(meta.namespace), asString(meta.name), options, caller);
    return item;
  });
  sendJson(exchange.response, 200, listEnvelope(type.listKind, apiVersionOf(type), { resourceVersion: String(context.store.currentRevision()) }, deleted));
}

async function handleSubresource(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const declared = type.subresources.some((sub) => sub.name === info.subresource);
  if (!declared || info.name === '') throw pathNotFound();
  if (info.subresource === 'log') {
    if (info.verb !== 'get') throw methodNotSupported({ resource: 'pods/log', group: '' }, info.verb);
    return serveLogs(context, exchange.response, context.service.get(type, info.namespace, info.name), query);
  }
  if (info.subresource === 'scale') {
    const caller = callerOf(request, query, false);
    if (info.verb === 'get') return sendJson(exchange.response, 200, context.scale.get(type, info.namespace, info.name));
    if (info.verb === 'update') return sendJson(exchange.response, 200, context.scale.update(type, info.namespace, info.name, await objectBody(exchange), caller));
    if (info.verb === 'patch') {
      const patchType = patchTypeOf(request.headers['content-type'] ?? '');
      return sendJson(exchange.response, 200, context.scale.patch(type, info.namespace, info.name, patchType, await bodyOf(exchange), caller));
    }
    throw methodNotSupported({ resource: `${type.plural}/scale`, group: type.group }, info.verb);
  }
  if (!['get', 'update', 'patch'].includes(info.verb)) throw methodNotSupported({ resource: `${type.plural}/status`, group: type.group }, info.verb);
  return handleVerb(exchange);
}

/** Serves one request for a resource: authorization, then the verb, subresource or virtual kind. */
export async function handleResource(context: ServerContext, request: IncomingMessage, response: ServerResponse, info: ResourceRequest, query: URLSearchParams, user: User): Promise<void> {
  const type = context.registry.find(info.group, info.version, info.resource);
  if (type === undefined || (!type.namespaced && info.namespace !== '' && info.resource !== 'namespaces')) throw pathNotFound();
  const exchange: Exchange = { context, request, response, info, type, query, user };
  const attributes = { verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name };
  if (!userAllows(user, attributes)) {
    const resource = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
    throw forbidden({ resource, group: info.group, ...(info.name === '' ? {} : { name: info.name }) }, user.name, info.verb, type.namespaced ? info.namespace : undefined);
  }
  if (type.virtual === 'review') {
    if (info.verb !== 'create') throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
    return sendJson(response, 201, answerReview(type, user, await objectBody(exchange)));
  }
  if (type.virtual === 'metrics') {
    if (info.verb !== 'get' && info.verb !== 'list') throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
    return sendJson(response, 200, readMetrics(context, type, info.namespace, info.name, query));
  }
  if (info.subresource !== '') return handleSubresource(exchange);
  if (!type.verbs.includes(info.verb)) throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
  return handleVerb(exchange);
}
