import { readOnly, ToolError, truncated, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { compileGlobs } from '../io/glob.js';
import { compileMatcher } from '../io/matcher.js';
import { scanFile, type Hit, type Scanned } from '../io/scan-file.js';
import type { DirHandle } from '../guard/dir-handle.js';
import { walkTree } from '../io/traverse.js';
import { contentBudget, pathArg } from './schemas.js';

/** `grep`: search file contents by regex or literal text, `.gitignore` aware, with context, capped and paged. */
export const grepTool = defineFsTool({
  name: 'grep',
  title: 'Search contents',
  description:
    'Search file contents by regex or literal text; smart case unless ignore_case is set. Honours .gitignore.',
  annotations: readOnly,
  input: z.object({
    pattern: z.string().min(1),
    path: pathArg.default('.'),
    literal: z.boolean().optional(),
    ignore_case: z.boolean().optional(),
    include: z.array(z.string()).default([]),
    exclude: z.array(z.string()).default([]),
    gitignore: z.boolean().default(true),
    context: z.int().min(0).max(10).default(0),
    limit: z.int().min(1).max(2000).default(200),
    from: z.string().optional(),
  }),
  output: z.object({
    path: z.string(),
    matches: z.array(
      z.object({
        file: z.string(),
        line: z.number(),
        content: untrusted(z.string(), 'file'),
        context: z.boolean().optional(),
      }),
    ),
    files: z.number(),
    searched: z.number(),
    skipped: z.number().optional(),
  }),
  handler: async (input, { sandbox, clientRoots, ignores, maxOutputBytes, signal }) => {
    const caseMode = input.ignore_case === undefined ? 'smart' : input.ignore_case ? 'insensitive' : 'sensitive';
    const matcher = compileMatcher({ pattern: input.pattern, literal: input.literal === true, caseMode });
    const cursor = parseCursor(input.from);
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(input.path);
    const single = target.stat?.isFile() === true;
    const start = single ? target.dir : target.directory();
    const include = await compileGlobs(input.include);
    const exclude = await compileGlobs(input.exclude);
    const files: AsyncIterable<FileEntry> = single
      ? oneFile(target.dir, target.name)
      : walkTree(start, {
          scope,
          ignores,
          gitignore: input.gitignore,
          maxDepth: 64,
          signal,
          ...(exclude === undefined ? {} : { exclude }),
          ...(cursor === undefined ? {} : { from: cursor.file }),
        });
    const state = { hits: [] as Hit[], files: 0, searched: 0, skipped: 0, used: 0, matches: 0 };
    const budget = contentBudget(maxOutputBytes);
    for await (const entry of files) {
      if (entry.kind !== 'file' || (include !== undefined && !include(entry.rel, false))) continue;
      const scanned = await scanFile(entry.dir, entry.name, {
        rel: entry.rel,
        matcher,
        context: input.context,
        fromLine: cursor !== undefined && entry.rel === cursor.file ? cursor.line : 1,
        maxMatches: input.limit - state.matches,
        maxBytes: budget - state.used,
        signal,
      });
      if (!record(state, scanned) || scanned.kind === 'skipped' || scanned.stoppedAt === undefined) continue;
      const next = nextArguments(input, `${entry.rel}:${scanned.stoppedAt}`);
      const why =
        state.matches >= input.limit ? `the first ${state.matches} matches` : 'the matches that fit the size budget';
      return { ...summary(target.path, state), truncated: truncated(`Showing ${why}.`, next) };
    }
    return summary(target.path, state);
  },
});

interface FileEntry {
  kind: string;
  dir: DirHandle;
  name: string;
  rel: string;
}

// A single file named as the search path: searched on its own, shown by its name.
async function* oneFile(dir: DirHandle, name: string): AsyncGenerator<FileEntry> {
  yield { kind: 'file', dir, name, rel: name };
}

interface GrepState {
  hits: Hit[];
  files: number;
  searched: number;
  skipped: number;
  used: number;
  matches: number;
}

/** Adds one file's outcome to the totals; returns true when the file was searched. */
function record(state: GrepState, scanned: Scanned): boolean {
  if (scanned.kind === 'skipped') {
    state.skipped++;
    return false;
  }
  state.searched++;
  if (scanned.hits.length > 0) state.files++;
  state.hits.push(...scanned.hits);
  state.matches += scanned.matches;
  state.used += scanned.bytes;
  return true;
}

function summary(path: string, state: GrepState) {
  return {
    path,
    matches: state.hits,
    files: state.files,
    searched: state.searched,
    ...(state.skipped > 0 ? { skipped: state.skipped } : {}),
  };
}

function parseCursor(from: string | undefined): { file: string; line: number } | undefined {
  if (from === undefined) return undefined;
  const match = /^(.+):(\d+)$/.exec(from);
  if (match === null) {
    throw new ToolError('INVALID_INPUT', `The cursor ${JSON.stringify(from)} is not one grep returned.`, {
      hint: 'Pass from exactly as a previous result’s truncated.next gave it, or leave it out.',
    });
  }
  return { file: match[1]!, line: Number(match[2]) };
}

function nextArguments(input: Record<string, unknown> & { pattern: string }, from: string): Record<string, unknown> {
  const defaults: Record<string, unknown> = { path: '.', literal: false, gitignore: true, context: 0, limit: 200 };
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'from' || (Array.isArray(value) && value.length === 0) || defaults[key] === value) continue;
    next[key] = value;
  }
  return { ...next, from };
}
