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

// Advertised in every confirmable tool's schema, so kept to what tells the two result shapes apart.
const confirmationOutput = {
  type: 'object',
  properties: { confirmation_required: { const: true }, confirmation_token: { type: 'string' } },
  required: ['confirmation_required'],
};

/** The wire descriptor of a tool, computed once per server. */
export function describeTool(_server: string, tool: Tool): WireTool {
  const input = jsonSchemaOf(tool.input, 'input');
  // Content fields travel as content blocks, never in structuredContent, so the advertised schema leaves them out.
  const structured = tool.content.size === 0 ? tool.output : tool.output.omit(keyMask(tool.content));
  const output = withoutClosedObjects(jsonSchemaOf(structured, 'output'));
  const properties = output.properties as Record<string, unknown> | undefined;
  if (properties?.truncated !== undefined) properties.truncated = advertisedTruncation;
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: (tool.confirmable ? withTokenArgument(input) : input) as WireTool['inputSchema'],
    outputSchema: tool.confirmable ? { type: 'object', anyOf: [output, confirmationOutput] } : output,
    annotations: advertisedAnnotations(tool.annotations),
  };
}

/**
 * The `truncated` notice as advertised: every tool's output carries it, so
 * its schema is sent compact (every byte of `tools/list` is paid for in every
 * conversation); results are still validated against the full zod schema.
 */
const advertisedTruncation = {
  type: 'object',
  properties: { notice: { type: 'string' }, next: { type: 'object' } },
  required: ['notice'],
};

/**
 * Drops `additionalProperties: false` from an advertised output schema: core
 * validates every result against the full zod schema before sending it, so
 * the marker only costs bytes in each conversation.
 */
function withoutClosedObjects(schema: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && value === false) continue;
    result[key] = Array.isArray(value)
      ? value.map((item: unknown) => (isObject(item) ? withoutClosedObjects(item) : item))
      : isObject(value)
        ? withoutClosedObjects(value)
        : value;
  }
  return result;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The hints a client needs: `destructiveHint` and `idempotentHint` only mean
 * something when `readOnlyHint` is false (MCP spec), so a read-only tool
 * sends just `readOnlyHint` and `openWorldHint`.
 */
function advertisedAnnotations(annotations: Tool['annotations']): NonNullable<WireTool['annotations']> {
  if (!annotations.readOnlyHint) return { ...annotations };
  return { readOnlyHint: true, openWorldHint: annotations.openWorldHint };
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
