import type * as z from 'zod';
import { ToolError } from '../errors.js';
import type { Middleware } from './call.js';

/** Names of arguments core itself adds to tools (e.g. the confirmation token); never passed to handlers. */
export const coreArgumentNames: ReadonlySet<string> = new Set(['confirmation_token']);

/**
 * Validates arguments against the tool's input schema. Unknown arguments are
 * refused rather than ignored: a misspelt `dryRun` must never turn a dry run
 * into a real one.
 */
export const validateInput: Middleware = async (call, next) => {
  const shape = call.tool.input.shape as Record<string, unknown>;
  const unknown = Object.keys(call.args).filter(
    (key) => !(key in shape) && !(call.tool.confirmable && coreArgumentNames.has(key)),
  );
  const toolArgs = Object.fromEntries(Object.entries(call.args).filter(([key]) => !coreArgumentNames.has(key)));
  const parsed = call.tool.input.safeParse(toolArgs);
  if (!parsed.success || unknown.length > 0) {
    const problems = parsed.success ? [] : parsed.error.issues.map(describeIssue);
    if (unknown.length > 0)
      problems.push(`unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
    const valid = Object.keys(shape).join(', ') || 'none';
    throw new ToolError('INVALID_INPUT', `Invalid arguments for ${call.tool.name}: ${problems.join('; ')}.`, {
      hint: `Fix these and call again. Arguments: ${valid}.`,
    });
  }
  call.input = parsed.data;
  call.callClass =
    call.tool.classify === undefined
      ? call.tool.toolClass
      : (call.tool.classify as (input: unknown) => typeof call.callClass)(parsed.data);
  return next();
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'arguments' : `"${issue.path.map(String).join('.')}"`;
  return `${where}: ${issue.message}`;
}
