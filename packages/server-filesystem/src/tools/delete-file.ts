import { destructive, ToolError } from '@infra-mcp/core';
import { rmdirSync, unlinkSync } from 'node:fs';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { errnoOf, ioError } from '../guard/errors.js';
import { countTree, emptyCounts, refuseRoot, removeTree } from '../io/tree-ops.js';
import { kindOfStat } from './entry-info.js';
import { foundName, pathArg } from './schemas.js';

/** `delete_file`: remove a file, link or directory (recursive on request); a dry run lists what would go. */
export const deleteFileTool = defineFsTool({
  name: 'delete_file',
  title: 'Delete',
  description: 'Delete a file, link or directory (non-empty needs recursive). dry_run lists what would go.',
  annotations: destructive,
  input: z.object({ path: pathArg, recursive: z.boolean().optional(), dry_run: z.boolean().optional() }),
  output: z.object({
    path: z.string(),
    type: z.string(),
    files: z.number(),
    dirs: z.number(),
    links: z.number(),
    dry_run: z.boolean().optional(),
    paths: z.array(foundName).optional(),
  }),
  classify: (input) => (input.dry_run ? 'read' : 'destructive'),
  summarize: (input) => `Delete ${input.path}${input.recursive ? ' and everything inside it' : ''}`,
  handler: async (input, { sandbox, clientRoots, history, signal }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(input.path, { write: !input.dry_run, follow: false });
    if (target.isRoot) refuseRoot(target.path, 'delete');
    scope.refuseIfContainsProtected(target, 'delete');
    const stat = target.existing();
    const type = kindOfStat(stat);
    const counts = emptyCounts();
    if (input.dry_run) {
      const sample = { paths: [] as string[], max: 50 };
      if (type === 'dir') countTree(target.dir, target.name, counts, sample);
      else counts[type === 'link' ? 'links' : 'files']++;
      if (type === 'dir' && !input.recursive && counts.files + counts.links + counts.dirs > 1) {
        throw notEmpty(target.path);
      }
      return {
        path: target.path,
        type,
        files: counts.files,
        dirs: counts.dirs,
        links: counts.links,
        dry_run: true,
        paths: sample.paths,
      };
    }
    try {
      if (type !== 'dir') {
        unlinkSync(target.syscallPath);
        counts[type === 'link' ? 'links' : 'files']++;
      } else if (input.recursive) await removeTree(target.dir, target.name, counts, signal);
      else {
        rmdirSync(target.syscallPath);
        counts.dirs++;
      }
    } catch (error) {
      if (errnoOf(error) === 'ENOTEMPTY' || errnoOf(error) === 'EEXIST') throw notEmpty(target.path);
      if (error instanceof ToolError) throw error;
      throw ioError(error, target.path);
    }
    await history.record(`deleted ${target.path}`, { ...counts });
    return { path: target.path, type, files: counts.files, dirs: counts.dirs, links: counts.links };
  },
});

function notEmpty(path: string): ToolError {
  return new ToolError('CONFLICT', `${path} is a directory that is not empty.`, {
    hint: 'Pass recursive: true to delete it with everything inside (a dry_run first shows what that removes).',
  });
}
