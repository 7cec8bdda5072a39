import type { ContentBlock } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { formatBytes } from './budget.js';

/**
 * Some results are not text: a screenshot, a recording, a file handed over
 * whole. A tool declares such an output field with one of the schemas below;
 * core sends its value as its own content block (image, audio, embedded
 * resource) and leaves it out of the structured result and the text form, so
 * the model never reads base64 as text.
 */
export type ContentKind = 'image' | 'audio' | 'resource';

const contentRegistry = z.registry<{ kind: ContentKind }>();

/** An image: base64 bytes and their MIME type, sent as an `image` content block. */
export const imageContent = z
  .object({ data: z.base64(), mimeType: z.string().regex(/^image\//) })
  .register(contentRegistry, { kind: 'image' });

/** An audio clip: base64 bytes and their MIME type, sent as an `audio` content block. */
export const audioContent = z
  .object({ data: z.base64(), mimeType: z.string().regex(/^audio\//) })
  .register(contentRegistry, { kind: 'audio' });

/** A resource embedded whole (text, or base64 bytes), sent as a `resource` content block. */
export const embeddedResource = z
  .union([
    z.object({ uri: z.string(), mimeType: z.string().optional(), text: z.string() }),
    z.object({ uri: z.string(), mimeType: z.string().optional(), blob: z.base64() }),
  ])
  .register(contentRegistry, { kind: 'resource' });

/** An image a tool returns. */
export type ImageContent = z.output<typeof imageContent>;
/** An audio clip a tool returns. */
export type AudioContent = z.output<typeof audioContent>;
/** A resource a tool embeds in its result. */
export type EmbeddedResource = z.output<typeof embeddedResource>;

/** Finds the top-level output keys declared with a content schema (alone, optional, or in an array). */
export function findContentKeys(output: z.ZodObject): ReadonlyMap<string, ContentKind> {
  const keys = new Map<string, ContentKind>();
  const shape: Record<string, z.ZodType> = output.shape;
  for (const [key, schema] of Object.entries(shape)) {
    const kind = contentKindOf(schema);
    if (kind !== undefined) keys.set(key, kind);
  }
  return keys;
}

function contentKindOf(schema: z.ZodType): ContentKind | undefined {
  const meta = contentRegistry.get(schema);
  if (meta !== undefined) return meta.kind;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault)
    return contentKindOf(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodArray) return contentKindOf(schema.element as z.ZodType);
  return undefined;
}

/** A result split into what goes into the structured/text forms and what travels as content blocks. */
export interface LiftedContent {
  structured: Record<string, unknown>;
  blocks: ContentBlock[];
}

/**
 * Moves the content fields of a validated result into content blocks. The
 * blocks together get a byte budget of their own, the size of the text's:
 * media cannot be cut like text, so a block that would pass it is left out
 * whole and the structured result gains a `truncated` notice naming it.
 */
export function liftContent(
  output: Record<string, unknown>,
  keys: ReadonlyMap<string, ContentKind>,
  maxBytes: number,
): LiftedContent {
  if (keys.size === 0) return { structured: output, blocks: [] };
  const structured: Record<string, unknown> = {};
  const blocks: ContentBlock[] = [];
  const dropped: string[] = [];
  let used = 0;
  for (const [key, value] of Object.entries(output)) {
    const kind = keys.get(key);
    if (kind === undefined) {
      structured[key] = value;
      continue;
    }
    for (const item of value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]) {
      const block = toBlock(kind, item as ImageContent | AudioContent | EmbeddedResource);
      const size = blockBytes(block);
      if (used + size > maxBytes) {
        dropped.push(`${kind} in ${key} (${formatBytes(size)})`);
        continue;
      }
      used += size;
      blocks.push(block);
    }
  }
  if (dropped.length > 0) structured.truncated = withDropNotice(structured.truncated, dropped, maxBytes);
  return { structured, blocks };
}

function toBlock(kind: ContentKind, item: ImageContent | AudioContent | EmbeddedResource): ContentBlock {
  if (kind === 'resource') return { type: 'resource', resource: item as EmbeddedResource };
  const { data, mimeType } = item as ImageContent;
  return { type: kind, data, mimeType };
}

function blockBytes(block: ContentBlock): number {
  if (block.type === 'image' || block.type === 'audio') return block.data.length;
  if (block.type === 'resource')
    return 'text' in block.resource ? Buffer.byteLength(block.resource.text) : block.resource.blob.length;
  return 0;
}

function withDropNotice(previous: unknown, dropped: readonly string[], maxBytes: number): Record<string, unknown> {
  const notice = `Left out ${dropped.join(', ')}: over the ${formatBytes(maxBytes)} output budget.`;
  if (typeof previous !== 'object' || previous === null) return { notice };
  const earlier = previous as { notice?: unknown; next?: unknown };
  return { ...earlier, notice: `${String(earlier.notice)} ${notice}` };
}
