import { type Attributes, type User, userAllows } from './users.js';
import { badRequest } from '../api/errors.js';
import { type JsonObject, asObject, asString } from '../util/object.js';

/** The groups a real authenticator adds to every authenticated user. */
export function groupsOf(user: User): string[] {
  return [...user.groups, 'system:authenticated'];
}

/** Answers a SelfSubjectAccessReview (what `kubectl auth can-i` sends). */
export function selfSubjectAccessReview(user: User, body: JsonObject): JsonObject {
  const spec = asObject(body.spec);
  const resource = asObject(spec.resourceAttributes);
  const nonResource = asObject(spec.nonResourceAttributes);
  let allowed: boolean;
  if (Object.keys(resource).length > 0) {
    const attributes: Attributes = {
      verb: asString(resource.verb),
      group: asString(resource.group),
      resource: asString(resource.resource),
      subresource: asString(resource.subresource),
      namespace: asString(resource.namespace),
      name: asString(resource.name),
    };
    allowed = userAllows(user, attributes);
  } else if (Object.keys(nonResource).length > 0) {
    allowed =
      user.rules === undefined ||
      asString(nonResource.path).startsWith('/api') ||
      asString(nonResource.path) === '/version';
  } else
    throw badRequest(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  const reason = allowed
    ? user.rules === undefined
      ? 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to User "' + user.name + '"'
      : `RBAC: allowed by the rules of User "${user.name}"`
    : '';
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed, ...(reason === '' ? {} : { reason }) },
  };
}

/** Answers a SelfSubjectRulesReview (`kubectl auth can-i --list`). */
export function selfSubjectRulesReview(user: User, body: JsonObject): JsonObject {
  const namespace = asString(asObject(body.spec).namespace);
  const rules =
    user.rules === undefined
      ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]
      : user.rules
          .filter((rule) => rule.namespaces.length === 0 || rule.namespaces.includes(namespace))
          .map((rule) => ({
            verbs: rule.verbs,
            apiGroups: rule.apiGroups,
            resources: rule.resources,
            ...(rule.resourceNames.length > 0 ? { resourceNames: rule.resourceNames } : {}),
          }));
  const discovery = {
    verbs: ['get'],
    nonResourceURLs: [
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/healthz',
      '/livez',
      '/openapi',
      '/openapi/*',
      '/readyz',
      '/version',
      '/version/',
    ],
  };
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { namespace },
    status: {
      resourceRules: [
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
        ...rules,
      ],
      nonResourceRules: user.rules === undefined ? [{ verbs: ['*'], nonResourceURLs: ['*'] }, discovery] : [discovery],
      incomplete: false,
    },
  };
}

/** Answers a SelfSubjectReview (`kubectl auth whoami`). */
export function selfSubjectReview(user: User): JsonObject {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: {
      userInfo: { username: user.name, ...(user.uid === undefined ? {} : { uid: user.uid }), groups: groupsOf(user) },
    },
  };
}
