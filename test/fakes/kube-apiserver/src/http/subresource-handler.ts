import { serveLogs } from './log-handler.js';
import { callerOf } from './query.js';
import { sendJson } from './respond.js';
import { methodNotSupported, pathNotFound } from '../api/errors.js';

import { type Exchange, bodyOf, objectBody, patchTypeOf } from './exchange.js';
import { handleVerb } from './verb-handler.js';
/** status, scale and log subresources. */
export async function handleSubresource(exchange: Exchange): Promise<void> {
  const { context, type, info, query, request } = exchange;
  const declared = type.subresources.some((sub) => sub.name === info.subresource);
  if (!declared || info.name === '') throw pathNotFound();
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
