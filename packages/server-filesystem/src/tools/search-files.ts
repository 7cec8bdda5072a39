import { jsonBytes, readOnly, truncated } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { compileGlobs } from '../io/glob.js';
import { walkTree } from '../io/traverse.js';
import { contentBudget, foundName, pathArg } from './schemas.js';

/** `search_files`: find files and directories by name glob, `.gitignore` aware, paged. */
export const searchFilesTool = defineFsTool({
  name: 'search_files',
  title: 'Find files',
  description: 'Find files and dirs by glob; a glob without / matches names at any depth. Honours .gitignore.',
  annotations: readOnly,
  input: z.object({
    pattern: z.string().min(1),
    path: pathArg.default('.'),
    exclude: z.array(z.string()).default([]),
    gitignore: z.boolean().default(true),
    from: z.string().optional(),
  }),
  output: z.object({ path: z.string(), matches: z.array(foundName) }),
  handler: async (input, { sandbox, clientRoots, ignores, maxOutputBytes, signal }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(input.path);
    const start = target.directory();
    const matches = (await compileGlobs([input.pattern]))!;
    const exclude = await compileGlobs(input.exclude);
    const budget = contentBudget(maxOutputBytes);
    const found: string[] = [];
    let used = 0;
    const walk = walkTree(start, {
      scope,
      ignores,
      gitignore: input.gitignore,
      maxDepth: 64,
      signal,
      ...(exclude === undefined ? {} : { exclude }),
      ...(input.from === undefined ? {} : { from: input.from }),
    });
    for await (const entry of walk) {
      if (!matches(entry.rel, entry.kind === 'dir')) continue;
      const shown = entry.kind === 'dir' ? `${entry.rel}/` : entry.rel;
      used += jsonBytes(shown) + 1;
      if (used > budget) {
        const next = { ...input, from: entry.rel };
        return {
          path: target.path,
          matches: found,
          truncated: truncated(`Showing the first ${found.length} matches.`, next),
        };
      }
      found.push(shown);
    }
    return { path: target.path, matches: found };
  },
});
