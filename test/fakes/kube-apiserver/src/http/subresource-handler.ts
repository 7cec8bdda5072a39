import { type Exchange, bodyOf, objectBody, patchTypeOf } from './exchange.js';
import { serveLogs } from './log-handler.js';
import { callerOf } from './query.js';
import { sendJson } from './respond.js';
import { handleVerb } from './verb-handler.js';
import { methodNotSupported, pathNotFound } from '../api/errors.js';
import { asObject } from '../util/object.js';

/** The status, scale, log and eviction subresources. */
export async function handleSubresource(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const declared = type.subresources.some((sub) => sub.name === info.subresource);
  if (!declared || info.name === '') throw pathNotFound();
  if (info.subresource === 'eviction') {
    if (info.verb !== 'create') throw methodNotSupported({ resource: 'pods/eviction', group: '' }, info.verb);
    return evict(exchange);
  }
  if (info.subresource === 'log') {
    if (info.verb !== 'get') throw methodNotSupported({ resource: 'pods/log', group: '' }, info.verb);
    return serveLogs(context, exchange.response, context.service.get(type, info.namespace, info.name), query);
  }
  if (info.subresource === 'scale') {
    const caller = callerOf(request, query, false);
    if (info.verb === 'get')
      return sendJson(exchange.response, 200, context.scale.get(type, info.namespace, info.name));
    if (info.verb === 'update')
      return sendJson(
        exchange.response,
        200,
        context.scale.update(type, info.namespace, info.name, await objectBody(exchange), caller),
      );
    if (info.verb === 'patch') {
      const patchType = patchTypeOf(request.headers['content-type'] ?? '');
      return sendJson(
        exchange.response,
        200,
        context.scale.patch(type, info.namespace, info.name, patchType, await bodyOf(exchange), caller),
      );
    }
    throw methodNotSupported({ resource: `${type.plural}/scale`, group: type.group }, info.verb);
  }
  if (!['get', 'update', 'patch'].includes(info.verb))
    throw methodNotSupported({ resource: `${type.plural}/status`, group: type.group }, info.verb);
  return handleVerb(exchange);
}

/**
 * POST pods/{name}/eviction: with no PodDisruptionBudgets in the fake, every
 * eviction is allowed and deletes the pod, answering the real 201 Success Status.
 */
async function evict(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const body = await objectBody(exchange);
  const deleteOptions = asObject(body.deleteOptions);
  const dryRun = Array.isArray(deleteOptions.dryRun) && deleteOptions.dryRun.includes('All');
  const caller = callerOf(request, query, false);
  context.service.delete(type, info.namespace, info.name, {}, { ...caller, dryRun: caller.dryRun || dryRun });
  sendJson(exchange.response, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
