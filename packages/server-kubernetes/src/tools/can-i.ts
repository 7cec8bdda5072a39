import { readOnly, ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { resourcePath } from '../client/discovery.js';
import { stringAt } from '../format/json.js';
import { contextArg, defineKubeTool, kindArg, namespaceArg } from './shared.js';

const verbMethods: Record<string, string> = {
  get: 'GET',
  list: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};

/** Whether the cluster lets this identity do something, and whether this server's own policy would. */
export const canITool = defineKubeTool({
  name: 'can_i',
  title: 'Can I',
  description: "Whether RBAC allows this identity a verb on a kind, and whether this server's policy does.",
  annotations: readOnly,
  input: z.object({
    context: contextArg,
    verb: z.string().min(1),
    kind: kindArg,
    namespace: namespaceArg,
    name: z.string().optional(),
    subresource: z.string().optional(),
  }),
  output: z.object({ allowed: z.boolean(), reason: z.string(), serverPolicy: z.string() }),
  handler: async (args, { kube, signal }) => {
    const client = await kube.client(args.context);
    const type = await client.discovery.resolve(args.kind, signal);
    const namespace = type.namespaced ? (args.namespace ?? client.namespace) : undefined;
    const review = await client.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: args.verb,
            group: type.group,
            resource: type.resource,
            namespace,
            name: args.name,
            subresource: args.subresource,
          },
        },
      },
      signal,
    });
    const allowed = (review as { status?: { allowed?: unknown } }).status?.allowed === true;
    return {
      allowed,
      reason: stringAt(review, 'status.reason') || (allowed ? 'allowed' : 'no RBAC rule allows it'),
      serverPolicy: serverVerdict((method, url) => client.guard.authorize(method, url), {
        method: verbMethods[args.verb] ?? 'GET',
        path: resourcePath(type, {
          namespace,
          name: args.name ?? (args.verb === 'list' ? undefined : 'x'),
          subresource: args.subresource,
        }),
        server: client.server,
      }),
    };
  },
});

function serverVerdict(
  authorize: (method: string, url: URL) => unknown,
  request: { method: string; path: string; server: string },
): string {
  try {
    authorize(request.method, new URL(request.path, request.server));
    return 'allowed';
  } catch (error) {
    if (error instanceof ToolError) return error.message;
    throw error;
  }
}
