import type { Tool as WireTool, Prompt as WirePrompt } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Tool } from './tool.js';
import type { Prompt } from './resource.js';

type JsonObject = Record<string, unknown>;

/** The JSON Schema of a zod schema as `tools/list` advertises it (no `$schema`, to keep the list small). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

const confirmationOutput = {
  type: 'object',
  properties: {
    confirmation_required: { const: true },
    confirmation_token: { type: 'string' },
    summary: { type: 'string' },
    expires_at: { type: 'string' },
  },
  required: ['confirmation_required', 'confirmation_token', 'summary'],
};

/**
 * How `tools/list` advertises the `truncated` notice every output may carry:
 * the shape only. Its full zod schema (with descriptions) would repeat ~300
 * bytes in every tool of every server, paid in every conversation.
 */
const truncatedOutput = {
  type: 'object',
  properties: { notice: { type: 'string' }, next: { type: 'object' } },
  required: ['notice'],
};

function compactTruncation(schema: JsonObject): JsonObject {
  const properties = schema.properties as JsonObject | undefined;
  if (properties?.truncated === undefined) return schema;
  return { ...schema, properties: { ...properties, truncated: truncatedOutput } };
}

/** The wire descriptor of a tool, computed once per server. */
export function describeTool(_server: string, tool: Tool): WireTool {
  const input = jsonSchemaOf(tool.input, 'input');
  // Content fields travel as content blocks, never in structuredContent, so the advertised schema leaves them out.
  const structured = tool.content.size === 0 ? tool.output : tool.output.omit(keyMask(tool.content));
  const output = compactTruncation(jsonSchemaOf(structured, 'output'));
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: (tool.confirmable ? withTokenArgument(input) : input) as WireTool['inputSchema'],
    outputSchema: tool.confirmable ? { type: 'object', anyOf: [output, confirmationOutput] } : output,
    annotations: { ...tool.annotations },
  };
}

function keyMask(keys: ReadonlyMap<string, unknown>): Record<string, true> {
  return Object.fromEntries([...keys.keys()].map((key) => [key, true] as const));
}

/** Destructive calls may carry the token a `confirmation_required` result handed out. */
function withTokenArgument(schema: JsonObject): JsonObject {
  const properties = (schema.properties ?? {}) as JsonObject;
  return {
    ...schema,
    properties: {
      ...properties,
      confirmation_token: {
        type: 'string',
        description: 'Only after the user confirmed a confirmation_required result',
      },
    },
  };
}

/** The wire descriptor of a prompt: its arguments from the zod shape. */
export function describePrompt(prompt: Prompt<never>): WirePrompt {
  const shape = prompt.arguments.shape as Record<string, z.ZodType>;
  return {
    name: prompt.name,
    ...(prompt.title === undefined ? {} : { title: prompt.title }),
    description: prompt.description,
    arguments: Object.entries(shape).map(([name, schema]) => ({
      name,
      ...(schema.description === undefined ? {} : { description: schema.description }),
      required: !schema.safeParse(undefined).success,
    })),
  };
}
