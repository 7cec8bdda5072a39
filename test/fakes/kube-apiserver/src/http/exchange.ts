import { type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeBody, readBody } from './body.js';
import { type ServerContext } from './context.js';
import { responseShape } from './negotiate.js';
import { boolParam, intParam } from './query.js';
import { type ResourceRequest } from './request-info.js';
import { listEnvelope, sendJson } from './respond.js';
import { type IncludeObject, toPartial, toTable } from './table.js';
import { serveWatch } from './watch.js';
import { badRequest, unsupportedMediaType } from '../api/errors.js';
import { compileFilter } from '../api/list-objects.js';
import { type DeleteOptions, type PatchType } from '../api/resource-service.js';
import { type ResourceType, apiVersionOf } from '../api/resource-type.js';
import { type User } from '../auth/users.js';
import { type JsonObject, asObject, asString, isObject } from '../util/object.js';

/** One resource request with everything decoded. */
export interface Exchange {
  context: ServerContext;
  request: IncomingMessage;
  response: ServerResponse;
  info: ResourceRequest;
  type: ResourceType;
  query: URLSearchParams;
  user: User;
}

/** The patch type a Content-Type names; 415 for anything else. */
export function patchTypeOf(contentType: string): PatchType {
  if (contentType.startsWith('application/json-patch+json')) return 'json';
  if (contentType.startsWith('application/merge-patch+json')) return 'merge';
  if (contentType.startsWith('application/strategic-merge-patch+json')) return 'strategic';
  if (contentType.startsWith('application/apply-patch+yaml') || contentType.startsWith('application/apply-patch+json'))
    return 'apply';
  throw unsupportedMediaType(contentType, [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/apply-patch+yaml',
    'application/strategic-merge-patch+json',
  ]);
}

/** The decoded request body. */
export async function bodyOf(exchange: Exchange): Promise<unknown> {
  return decodeBody(await readBody(exchange.request), exchange.request.headers['content-type'] ?? 'application/json');
}

/** The request body, which must be a JSON object. */
export async function objectBody(exchange: Exchange): Promise<JsonObject> {
  const body = await bodyOf(exchange);
  if (!isObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}

/** ?includeObject= for Table rows (Metadata by default, like the real server). */
export function includeOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

/** Sends one object in the shape the Accept header asked for. */
export function sendObject(exchange: Exchange, code: number, object: JsonObject, warnings: string[] = []): void {
  const { context, type, request, query } = exchange;
  const shape = responseShape(request.headers.accept);
  const isOwnKind = object.kind === type.kind;
  if (shape === 'table' && isOwnKind) {
    const table = toTable(type, [object], {
      include: includeOf(query),
      now: context.clock.now(),
      listMeta: { resourceVersion: asString(asObject(object.metadata).resourceVersion) },
    });
    sendJson(exchange.response, code, table, warnings);
  } else if (shape === 'partial' && isOwnKind) sendJson(exchange.response, code, toPartial(object), warnings);
  else sendJson(exchange.response, code, object, warnings);
}

/** Sends one page of a list, as a List, Table or PartialObjectMetadataList. */
export function sendList(exchange: Exchange, namespace: string | undefined): void {
  const { context, type, query, request } = exchange;
  const page = context.service.list(type, namespace, {
    labelSelector: query.get('labelSelector'),
    fieldSelector: query.get('fieldSelector'),
    // resourceVersion=0 is served from the watch cache, which ignores limit: informers rely on getting everything.
    limit: query.get('resourceVersion') === '0' && !query.get('continue') ? undefined : intParam(query, 'limit'),
    continueToken: query.get('continue'),
  });
  const listMeta: JsonObject = {
    resourceVersion: page.resourceVersion,
    ...(page.continueToken === undefined ? {} : { continue: page.continueToken }),
    ...(page.remainingItemCount === undefined ? {} : { remainingItemCount: page.remainingItemCount }),
  };
  const shape = responseShape(request.headers.accept);
  if (shape === 'table') {
    sendJson(
      exchange.response,
      200,
      toTable(type, page.items, { include: includeOf(query), now: context.clock.now(), listMeta }),
    );
  } else if (shape === 'partial') {
    sendJson(
      exchange.response,
      200,
      listEnvelope('PartialObjectMetadataList', 'meta.k8s.io/v1', listMeta, page.items.map(toPartial)),
    );
  } else {
    const items = type.model === undefined ? page.items : page.items.map(withoutTypeMeta);
    sendJson(exchange.response, 200, listEnvelope(type.listKind, apiVersionOf(type), listMeta, items));
  }
}

/** Items of built-in lists carry no apiVersion/kind on a real server (custom resources do); clients must not rely on them. */
function withoutTypeMeta(object: JsonObject): JsonObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}

/** Starts a watch stream for the request. */
export function startWatch(exchange: Exchange, namespace: string | undefined): void {
  const { context, type, query, request } = exchange;
  const fieldSelector = query.get('fieldSelector');
  const nameSelector =
    exchange.info.name === ''
      ? fieldSelector
      : [fieldSelector, `metadata.name=${exchange.info.name}`].filter(Boolean).join(',');
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
    {
      store: context.store,
      clock: context.clock,
      bookmarkIntervalMs: context.bookmarkIntervalMs,
      track: (end) => context.track(end),
    },
  );
}

/** DeleteOptions from the query and the body (kubectl sends dryRun and propagationPolicy in the body). */
export async function deleteOptionsOf(exchange: Exchange): Promise<DeleteOptions & { dryRun: boolean }> {
  const body = asObject(await bodyOf(exchange));
  const dryRun = Array.isArray(body.dryRun) && body.dryRun.includes('All');
  const policy = exchange.query.get('propagationPolicy') ?? asString(body.propagationPolicy);
  const preconditions = asObject(body.preconditions);
  return {
    dryRun,
    ...(policy === 'Orphan' || policy === 'Background' || policy === 'Foreground' ? { propagationPolicy: policy } : {}),
    ...(Object.keys(preconditions).length > 0
      ? {
          preconditions: {
            ...(typeof preconditions.uid === 'string' ? { uid: preconditions.uid } : {}),
            ...(typeof preconditions.resourceVersion === 'string'
              ? { resourceVersion: preconditions.resourceVersion }
              : {}),
          },
        }
      : {}),
  };
}
