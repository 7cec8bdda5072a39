import { readOnly, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { cleanObject, projectFields } from '../format/clean.js';
import type { Json } from '../format/json.js';
import { toYaml } from '../format/yaml.js';
import { contextArg, defineKubeTool, kindArg, nameArg, namespaceArg, resolveTarget } from './shared.js';

/** One object as YAML, without managedFields; or just some of its fields. */
export const getResourceTool = defineKubeTool({
  name: 'get_resource',
  title: 'Get resource',
  description: 'One object as YAML (no managedFields), or only some fields, e.g. ["status"].',
  annotations: readOnly,
  input: z.object({
    context: contextArg,
    kind: kindArg,
    name: nameArg,
    namespace: namespaceArg,
    fields: z.array(z.string()).optional(),
  }),
  output: z.object({ yaml: untrusted(z.string(), 'cluster') }),
  handler: async (args, { kube, signal }) => {
    const target = await resolveTarget(kube, args, signal);
    const object = await target.client.request<Json>({ path: target.path, signal });
    const shown = args.fields === undefined ? cleanObject(object) : projectFields(object, args.fields);
    return { yaml: toYaml(shown) };
  },
});
