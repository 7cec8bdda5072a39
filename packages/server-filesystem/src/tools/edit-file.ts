import { untrusted, write, ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { openRegularFile, readWholeFile, writeFileAtomic } from '../guard/files.js';
import { unifiedDiff } from '../io/diff.js';
import { formatSize } from '../io/format.js';
import { decodeText, encodeText, sniff } from '../io/text-codec.js';
import { applyEdits } from '../io/apply-edits.js';
import { checkIfMatch, ifMatchArg } from './if-match.js';
import { pathArg } from './schemas.js';

const maxEditBytes = 32 * 1024 * 1024;

/** `edit_file`: exact-text replacements, unique by default, with a unified diff and a dry run. */
export const editFileTool = defineFsTool({
  name: 'edit_file',
  title: 'Edit file',
  description:
    'Replace exact text: each old must match once (or expected_replacements times), all or nothing. Returns a diff; dry_run previews.',
  annotations: write,
  input: z.object({
    path: pathArg,
    edits: z
      .array(z.object({ old: z.string().min(1), new: z.string(), expected_replacements: z.int().min(1).optional() }))
      .min(1),
    dry_run: z.boolean().optional(),
    if_match: ifMatchArg,
  }),
  output: z.object({
    path: z.string(),
    replacements: z.number(),
    dry_run: z.boolean().optional(),
    mtime: z.string().optional(),
    diff: untrusted(z.string(), 'file'),
  }),
  handler: async (input, { sandbox, clientRoots, history }) => {
    const scope = await sandbox.scope(clientRoots);
    // A dry run writes nothing, so it also previews edits in a read-only root.
    using target = scope.resolve(input.path, { write: !input.dry_run });
    using file = openRegularFile(target);
    if (file.stat.size > maxEditBytes) {
      throw new ToolError(
        'INVALID_INPUT',
        `${target.path} is ${formatSize(file.stat.size)}; edit_file handles files up to 32 MiB.`,
      );
    }
    const bytes = readWholeFile(file);
    const sniffed = sniff(bytes, true);
    if (sniffed.kind === 'binary')
      throw new ToolError('INVALID_INPUT', `${target.path} is binary; edit_file edits text files.`);
    checkIfMatch(input.if_match, target.path, file.stat, bytes);
    const { codec } = sniffed;
    const before = decodeText(bytes.subarray(codec.bom), codec.encoding);
    const { after, replacements } = applyEdits(before, input.edits, target.path);
    const diff = unifiedDiff(target.path, before.replaceAll('\r\n', '\n'), after.replaceAll('\r\n', '\n'));
    if (input.dry_run) return { path: target.path, replacements, dry_run: true, diff };
    const stat = writeFileAtomic(target, encodeText(after, codec), { exclusive: false, replacing: file.stat });
    await history.record(`edited ${target.path} (${replacements} replacement${replacements === 1 ? '' : 's'})`);
    return { path: target.path, replacements, mtime: stat.mtime.toISOString(), diff };
  },
});
