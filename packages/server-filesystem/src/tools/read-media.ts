import { ToolError, type AudioContent, type EmbeddedResource, type ImageContent } from '@infra-mcp/core';
import { pathToFileURL } from 'node:url';
import { readWholeFile, type OpenFile } from '../guard/files.js';
import { formatSize } from '../io/format.js';

/** A binary file read whole: an image or audio clip, or any other file as an embedded blob. */
export interface MediaRead {
  kind: 'media';
  path: string;
  mimeType: string;
  size: number;
  image?: ImageContent;
  audio?: AudioContent;
  resource?: EmbeddedResource;
}

/**
 * Reads a binary file whole as media. Media cannot be cut like text, so a
 * file whose base64 would pass the budget is refused before it is read.
 */
export function readMedia(path: string, file: OpenFile, mimeType: string, maxBytes: number): MediaRead {
  if (Math.ceil(file.stat.size / 3) * 4 > maxBytes) {
    throw new ToolError(
      'INVALID_INPUT',
      `${path} is ${formatSize(file.stat.size)} of ${mimeType}, more than the ${formatSize(Math.floor((maxBytes * 3) / 4))} this server returns in one result.`,
      {
        hint: 'The operator can raise INFRA_MCP_MAX_OUTPUT_BYTES; get_file_info describes the file without reading it.',
      },
    );
  }
  const data = readWholeFile(file).toString('base64');
  const base = { kind: 'media' as const, path, mimeType, size: file.stat.size };
  if (mimeType.startsWith('image/')) return { ...base, image: { data, mimeType } };
  if (mimeType.startsWith('audio/')) return { ...base, audio: { data, mimeType } };
  return { ...base, resource: { uri: pathToFileURL(path).href, mimeType, blob: data } };
}
