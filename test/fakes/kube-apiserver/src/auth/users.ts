import { z } from 'zod';

/** One RBAC-style rule; `namespaces` scopes it like a RoleBinding would (empty: every namespace, like a ClusterRoleBinding). */
export const policyRuleSchema = z.object({
  verbs: z.array(z.string()).min(1),
  apiGroups: z.array(z.string()).default(['*']),
  resources: z.array(z.string()).default(['*']),
  resourceNames: z.array(z.string()).default([]),
  namespaces: z.array(z.string()).default([]),
});

/** A user the fake authenticates by bearer token; without rules the user may do everything (cluster-admin). */
export const userSchema = z.object({
  name: z.string().min(1),
  token: z.string().min(1),
  uid: z.string().optional(),
  groups: z.array(z.string()).default([]),
  rules: z.array(policyRuleSchema).optional(),
});

/** A parsed policy rule. */
export type PolicyRule = z.output<typeof policyRuleSchema>;
/** A parsed user. */
export type User = z.output<typeof userSchema>;
/** A user as callers write it (defaults optional). */
export type UserInput = z.input<typeof userSchema>;

/** What one request asks to do, in RBAC terms. */
export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

function includes(list: readonly string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

/** True when `rule` grants the request. */
export function ruleAllows(rule: PolicyRule, attributes: Attributes): boolean {
  const resource =
    attributes.subresource === '' ? attributes.resource : `${attributes.resource}/${attributes.subresource}`;
  return (
    includes(rule.verbs, attributes.verb) &&
    includes(rule.apiGroups, attributes.group) &&
    (includes(rule.resources, resource) ||
      (attributes.subresource !== '' && rule.resources.includes(`${attributes.resource}/*`))) &&
    (rule.resourceNames.length === 0 || rule.resourceNames.includes(attributes.name)) &&
    (rule.namespaces.length === 0 || rule.namespaces.includes(attributes.namespace))
  );
}

/** What system:basic-user grants every authenticated user: asking about itself. */
const selfReviews = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

/** True when `user` may perform the request (users without rules are cluster admins). */
export function userAllows(user: User, attributes: Attributes): boolean {
  if (user.rules === undefined) return true;
  if (attributes.verb === 'create' && selfReviews.has(attributes.resource)) return true;
  return user.rules.some((rule) => ruleAllows(rule, attributes));
}
