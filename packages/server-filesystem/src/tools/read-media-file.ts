import { readOnly, ToolError } from '@infra-mcp/core';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { openRegularFile, readWholeFile } from '../guard/files.js';
import { formatSize } from '../io/format.js';
import { mimeTypeOf } from '../io/mime.js';
import { sniff, sniffBytes } from '../io/text-codec.js';
import { pathArg, resultReserve } from './schemas.js';

/** `read_media_file`: an image or audio file as a content block the model can see or hear; other files as a blob. */
export const readMediaFileTool = defineFsTool({
  name: 'read_media_file',
  title: 'Read media file',
  description: 'Read an image or audio file as an image/audio block (other files as a base64 blob).',
  annotations: readOnly,
  input: z.object({ path: pathArg }),
  output: z.object({ path: z.string(), mimeType: z.string(), size: z.number(), data: z.string() }),
  content: ({ path, mimeType, data }) => {
    if (mimeType.startsWith('image/')) return [{ type: 'image', data, mimeType }];
    if (mimeType.startsWith('audio/')) return [{ type: 'audio', data, mimeType }];
    return [{ type: 'resource', resource: { uri: pathToFileURL(path).href, mimeType, blob: data } }];
  },
  handler: async ({ path }, { sandbox, clientRoots, maxOutputBytes }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(path);
    using file = openRegularFile(target);
    const encoded = Math.ceil(file.stat.size / 3) * 4;
    // structuredContent carries the base64 too, so the budget must hold it with room for the other fields.
    if (encoded > maxOutputBytes - resultReserve) {
      throw new ToolError(
        'INVALID_INPUT',
        `${target.path} is ${formatSize(file.stat.size)}, more than the ${formatSize(Math.floor(((maxOutputBytes - resultReserve) * 3) / 4))} this server returns in one result.`,
        {
          hint: 'The operator can raise INFRA_MCP_MAX_OUTPUT_BYTES; get_file_info describes the file without reading it.',
        },
      );
    }
    const bytes = readWholeFile(file);
    const head = bytes.subarray(0, sniffBytes);
    const binary = sniff(head, bytes.length <= sniffBytes).kind === 'binary';
    return {
      path: target.path,
      mimeType: mimeTypeOf(target.name, head, binary),
      size: bytes.length,
      data: bytes.toString('base64'),
    };
  },
});
