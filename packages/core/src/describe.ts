import type { Tool as WireTool, Prompt as WirePrompt } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Tool } from './tool.js';
import type { Prompt } from './resource.js';
import { advertisedInput, advertisedOutput, type OutputSchemaDetail } from './advertise.js';

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

/** Wire descriptors of one server's tools at one level of output-schema detail, by tool name. */
export type DescriptorTable = Readonly<Record<string, WireTool>>;

/**
 * Descriptors computed ahead (by the CLI's build), by server and level of
 * detail. Turning a tool's zod schemas into JSON Schema costs a fresh
 * process a few percent of its start-up (zod's converter runs cold), and a
 * stdio server starts fresh for every conversation. A table holds only
 * tools that are module-level constants of the bundle it ships with (the
 * same object whatever the settings), so an entry is what the running
 * server would compute; a tool made per server (its schemas could follow
 * the settings) is left out and described at start, as is a tool an entry
 * does not fit ({@link fitsTool}).
 */
export type DescriptorSource = (server: string, detail: OutputSchemaDetail) => DescriptorTable | undefined;

/**
 * A cheap check that a table's descriptor belongs to this very tool: the same
 * title and description and the same argument names. It keeps a table from
 * answering for a different tool that took the name.
 */
export function fitsTool(descriptor: WireTool, tool: Tool): boolean {
  if (descriptor.title !== tool.title || descriptor.description !== tool.description) return false;
  const advertised = Object.keys(descriptor.inputSchema.properties ?? {});
  const own = Object.keys(tool.input.shape);
  if (advertised.length !== own.length + (tool.confirmable ? 1 : 0)) return false;
  return own.every((key) => advertised.includes(key));
}

/** The wire descriptor of a tool, computed once per server. */
export function describeTool(_server: string, tool: Tool, detail: OutputSchemaDetail = 'shallow'): WireTool {
  const input = advertisedInput(jsonSchemaOf(tool.input, 'input'));
  // Content fields travel as content blocks, never in structuredContent, so the advertised schema leaves them out.
  const structured = tool.content.size === 0 ? tool.output : tool.output.omit(keyMask(tool.content));
  const output = advertisedOutput(jsonSchemaOf(structured, 'output'), detail);
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: (tool.confirmable ? withTokenArgument(input) : input) as WireTool['inputSchema'],
    outputSchema: tool.confirmable ? withConfirmationResult(output, detail) : output,
    annotations: advertisedAnnotations(tool.annotations),
  };
}

/**
 * A confirmable tool answers either its own result or a confirmation request.
 * Full schemas say so with `anyOf`; shallow ones merge the two shapes' fields
 * and require none, which both results satisfy.
 */
function withConfirmationResult(output: JsonObject, detail: OutputSchemaDetail): JsonObject {
  if (detail === 'full') return { type: 'object', anyOf: [output, confirmationOutput] };
  return { type: 'object', properties: { ...(output.properties as JsonObject), ...confirmationOutput.properties } };
}

/**
 * The hints a client needs: `destructiveHint` and `idempotentHint` only mean
 * something when `readOnlyHint` is false (MCP spec), so a read-only tool
 * sends just `readOnlyHint` and `openWorldHint`; a writing tool sends the
 * hints that differ from the spec's defaults.
 */
function advertisedAnnotations(annotations: Tool['annotations']): NonNullable<WireTool['annotations']> {
  if (annotations.readOnlyHint) return { readOnlyHint: true, openWorldHint: annotations.openWorldHint };
  // The spec's defaults are readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true:
  // only the hints that differ from them are sent.
  return {
    ...(annotations.destructiveHint ? {} : { destructiveHint: false }),
    ...(annotations.idempotentHint ? { idempotentHint: true } : {}),
    ...(annotations.openWorldHint ? {} : { openWorldHint: false }),
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
        description: 'Only after the user confirms',
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
