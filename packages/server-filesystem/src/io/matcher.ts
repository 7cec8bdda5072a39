import { ToolError } from '@infra-mcp/core';
import { setFlagsFromString } from 'node:v8';

/** How a search pattern is matched. */
export interface MatchOptions {
  pattern: string;
  /** Match the pattern as plain text, not a regular expression. */
  literal: boolean;
  /** `smart`: case-insensitive unless the pattern has an upper-case letter. */
  caseMode: 'smart' | 'sensitive' | 'insensitive';
}

/** Tests one line of text. */
export type LineMatcher = (line: string) => boolean;

let linearEngineReady = false;

/**
 * Lets V8 check that a pattern can run in linear time (the `l` flag) and fall
 * back to its linear engine when a backtracking match runs away, so a
 * catastrophic pattern costs bounded time per line instead of blocking the
 * server. Process-wide, set once, before the first pattern is compiled.
 */
function enableLinearEngine(): void {
  if (linearEngineReady) return;
  setFlagsFromString('--enable-experimental-regexp-engine');
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  linearEngineReady = true;
}

/** Compiles a search pattern into a line matcher, refusing patterns that cannot run in linear time. */
export function compileMatcher(options: MatchOptions): LineMatcher {
  const insensitive =
    options.caseMode === 'insensitive' ||
    (options.caseMode === 'smart' && !hasUpperCase(options.pattern, options.literal));
  if (options.literal) {
    const needle = insensitive ? options.pattern.toLowerCase() : options.pattern;
    return insensitive ? (line) => line.toLowerCase().includes(needle) : (line) => line.includes(needle);
  }
  enableLinearEngine();
  // Case-insensitive matching lower-cases both sides: V8's linear engine has no `i` flag.
  const source = insensitive ? lowerCaseLiterals(options.pattern) : options.pattern;
  // The `l` flag exists only with the V8 flag above; a variable keeps lint from judging it.
  const linearOnly = 'l';
  try {
    new RegExp(source, linearOnly);
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('linear time')) {
      throw new ToolError(
        'INVALID_INPUT',
        'The pattern uses backreferences or lookaround, which grep does not support.',
        {
          hint: 'Rewrite it without \\1, (?=…), (?!…), (?<=…) or (?<!…), or pass literal: true.',
        },
      );
    }
    throw new ToolError('INVALID_INPUT', `The pattern is not a valid regular expression: ${message}.`, {
      hint: 'Use JavaScript regex syntax, or pass literal: true to search for the text as is.',
    });
  }
  const regex = new RegExp(source);
  return insensitive ? (line) => regex.test(line.toLowerCase()) : (line) => regex.test(line);
}

/** Whether a pattern has an upper-case letter outside escapes (`\W`, `\S`, `\p{Lu}` do not count). */
export function hasUpperCase(pattern: string, literal: boolean): boolean {
  if (literal) return pattern !== pattern.toLowerCase();
  return lowerCaseLiterals(pattern) !== pattern;
}

/** Lower-cases the literal characters of a regex source, leaving escapes, classes like `\W` and `\p{…}` alone. */
export function lowerCaseLiterals(source: string): string {
  let result = '';
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char !== '\\') {
      result += char.toLowerCase();
      continue;
    }
    const escape = /^\\(?:[pPk][{<][^}>]*[}>]|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|.)/s.exec(
      source.slice(index),
    );
    const token = escape?.[0] ?? char;
    result += token;
    index += token.length - 1;
  }
  return result;
}
