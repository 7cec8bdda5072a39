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

/** The wire descriptor of a tool, computed once per server. */
export function describeTool(_server: string, tool: Tool): WireTool {
  const outputSchema = withoutClosedObjects(jsonSchemaOf(tool.output, 'output'));
  const properties = outputSchema.properties as Record<string, unknown> | undefined;
  if (properties?.truncated !== undefined) properties.truncated = advertisedTruncation;
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.input, 'input') as WireTool['inputSchema'],
    outputSchema,
    annotations: advertisedAnnotations(tool.annotations),
  };
}

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
