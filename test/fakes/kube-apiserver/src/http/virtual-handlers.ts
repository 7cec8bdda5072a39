import { type ServerContext } from './context.js';
import { badRequest, notFound } from '../api/errors.js';
import { builtinTypes } from '../api/builtin-types.js';
import { type ResourceType } from '../api/resource-type.js';
import { selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview } from '../auth/reviews.js';
import { type User } from '../auth/users.js';
import { compileFilter } from '../api/list-objects.js';
import { type JsonObject, asString, getIn } from '../util/object.js';

/** POST of a review kind: answered from the caller's identity, never stored. */
export function answerReview(type: ResourceType, user: User, body: JsonObject): JsonObject {
  switch (type.kind) {
    case 'SelfSubjectAccessReview':
      return selfSubjectAccessReview(user, body);
    case 'SelfSubjectRulesReview':
      return selfSubjectRulesReview(user, body);
    case 'SelfSubjectReview':
      return selfSubjectReview(user);
    default:
      throw badRequest(`${type.kind} is not supported`);
  }
}

const podType = builtinTypes.find((type) => type.plural === 'pods' && type.group === '');
const nodeType = builtinTypes.find((type) => type.plural === 'nodes' && type.group === '');

function isRunning(pod: JsonObject): boolean {
  return asString(getIn(pod, ['status', 'phase'])) === 'Running';
}

/** GET/LIST of metrics.k8s.io PodMetrics and NodeMetrics, computed from running pods and nodes. */
export function readMetrics(
  context: ServerContext,
  type: ResourceType,
  namespace: string,
  name: string,
  query: URLSearchParams,
): JsonObject {
  const now = context.clock.now();
  const source = type.kind === 'PodMetrics' ? podType : nodeType;
  if (source === undefined) throw notFound({ resource: type.plural, group: type.group, name });
  const toMetrics = (object: JsonObject) =>
    type.kind === 'PodMetrics' ? context.metrics.podMetrics(object, now) : context.metrics.nodeMetrics(object, now);
  if (name !== '') {
    const object = context.store.get(source.storage, type.namespaced ? namespace : '', name);
    if (object === undefined || (type.kind === 'PodMetrics' && !isRunning(object)))
      throw notFound({ resource: type.plural, group: type.group, name });
    return toMetrics(object);
  }
  const filter = compileFilter(type, {
    labelSelector: query.get('labelSelector'),
    fieldSelector: query.get('fieldSelector'),
  });
  const items = context.store
    .list(source.storage, type.namespaced && namespace !== '' ? namespace : undefined)
    .filter((object) => type.kind !== 'PodMetrics' || isRunning(object))
    .filter((object) => filter(object))
    .map(toMetrics);
  return { kind: `${type.kind}List`, apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items };
}
