import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type ServerContext } from './context.js';
import { type Exchange, objectBody } from './exchange.js';
import { type ResourceRequest } from './request-info.js';
import { sendJson } from './respond.js';
import { handleSubresource } from './subresource-handler.js';
import { handleVerb } from './verb-handler.js';
import { answerReview, readMetrics } from './virtual-handlers.js';
import { forbidden, methodNotSupported, pathNotFound } from '../api/errors.js';
import { type User, userAllows } from '../auth/users.js';

/** Serves one request for a resource: authorization, then the verb, subresource or virtual kind. */
export async function handleResource(
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  info: ResourceRequest,
  query: URLSearchParams,
  user: User,
): Promise<void> {
  const type = context.registry.find(info.group, info.version, info.resource);
  if (type === undefined || (!type.namespaced && info.namespace !== '' && info.resource !== 'namespaces'))
    throw pathNotFound();
  const exchange: Exchange = { context, request, response, info, type, query, user };
  const attributes = {
    verb: info.verb,
    group: info.group,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
  if (!userAllows(user, attributes)) {
    const resource = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
    throw forbidden(
      { resource, group: info.group, ...(info.name === '' ? {} : { name: info.name }) },
      user.name,
      info.verb,
      type.namespaced ? info.namespace : undefined,
    );
  }
  if (type.virtual === 'review') {
    if (info.verb !== 'create') throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
    return sendJson(response, 201, answerReview(type, user, await objectBody(exchange)));
  }
  if (type.virtual === 'metrics') {
    if (info.verb !== 'get' && info.verb !== 'list')
      throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
    return sendJson(response, 200, readMetrics(context, type, info.namespace, info.name, query));
  }
  if (info.subresource !== '') return handleSubresource(exchange);
  if (!type.verbs.includes(info.verb))
    throw methodNotSupported({ resource: type.plural, group: type.group }, info.verb);
  return handleVerb(exchange);
}
