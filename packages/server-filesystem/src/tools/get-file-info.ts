import { readOnly } from '@infra-mcp/core';
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { openRegularFile } from '../guard/files.js';
import type { Target } from '../guard/sandbox.js';
import { formatPermissions } from '../io/format.js';
import { mimeTypeOf } from '../io/mime.js';
import { sniff, sniffBytes } from '../io/text-codec.js';
import { kindOfStat, linkTarget, metadataVisible } from './entry-info.js';
import { foundName, pathArg } from './schemas.js';

const hashLimitBytes = 64 * 1024 * 1024;

/** `get_file_info`: metadata of one entry, from `lstat` (a link is described, not followed). */
export const getFileInfoTool = defineFsTool({
  name: 'get_file_info',
  title: 'File info',
  description: 'Metadata of a file, dir or link (not followed); files add MIME type and sha256.',
  annotations: readOnly,
  input: z.object({ path: pathArg }),
  output: z.object({
    path: z.string(),
    type: z.string(),
    size: z.number().optional(),
    permissions: z.string().optional(),
    modified: z.string().optional(),
    created: z.string().optional(),
    accessed: z.string().optional(),
    links: z.number().optional(),
    target: foundName.optional(),
    mime: z.string().optional(),
    binary: z.boolean().optional(),
    sha256: z.string().optional(),
  }),
  handler: async ({ path }, { sandbox, clientRoots }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(path, { follow: false });
    const stat = target.existing();
    const type = kindOfStat(stat);
    const base = { path: target.path, type };
    if (!metadataVisible(stat, target.root)) return { ...base, links: stat.nlink };
    const times = {
      permissions: formatPermissions(stat.mode),
      // A link's size is the length of its target text, shown only with the target.
      ...(type === 'link' ? {} : { size: stat.size }),
      modified: stat.mtime.toISOString(),
      ...(stat.birthtimeMs > 0 ? { created: stat.birthtime.toISOString() } : {}),
      accessed: stat.atime.toISOString(),
      ...(stat.nlink > 1 && type === 'file' ? { links: stat.nlink } : {}),
    };
    if (type === 'link') {
      const leads = linkTarget(scope, target.dir, target.name);
      return { ...base, ...times, ...(leads === undefined ? {} : { target: leads, size: stat.size }) };
    }
    if (type !== 'file') return { ...base, ...times };
    return { ...base, ...times, ...describeContent(target) };
  },
});

function describeContent(target: Target): { mime: string; binary: boolean; sha256?: string } {
  using file = openRegularFile(target);
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(Math.max(file.stat.size, 1), 1024 * 1024));
  let head: Buffer | undefined;
  let position = 0;
  const hashing = file.stat.size <= hashLimitBytes;
  do {
    const read = readSync(file.fd, buffer, 0, buffer.length, position);
    if (read === 0) break;
    head ??= Buffer.from(buffer.subarray(0, Math.min(read, sniffBytes)));
    if (hashing) hash.update(buffer.subarray(0, read));
    position += read;
  } while (hashing);
  const sample = head ?? Buffer.alloc(0);
  const binary = sniff(sample, position >= file.stat.size).kind === 'binary';
  return {
    mime: mimeTypeOf(target.name, sample, binary),
    binary,
    ...(hashing ? { sha256: hash.digest('hex') } : {}),
  };
}
