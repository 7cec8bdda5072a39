import { ToolError } from '@infra-mcp/core';

/** One replacement asked for. */
export interface Edit {
  old: string;
  new: string;
  expected_replacements?: number | undefined;
}

/**
 * Applies edits in order, all or nothing: each old text must occur exactly
 * as often as expected (once by default). In a CRLF file, old and new texts
 * written with plain newlines match and are written with CRLF.
 */
export function applyEdits(
  content: string,
  edits: readonly Edit[],
  path: string,
): { after: string; replacements: number } {
  const crlf = content.includes('\r\n');
  let after = content;
  let replacements = 0;
  edits.forEach((edit, index) => {
    const expected = edit.expected_replacements ?? 1;
    let old = edit.old;
    let replacement = edit.new;
    let count = countOccurrences(after, old);
    if (count === 0 && crlf && !old.includes('\r')) {
      old = old.replaceAll('\n', '\r\n');
      replacement = replacement.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n');
      count = countOccurrences(after, old);
    }
    const label = edits.length > 1 ? `Edit ${index + 1}: the old text` : 'The old text';
    if (count === 0) throw notFound(label, path, after, edit.old);
    if (count !== expected) {
      throw new ToolError(
        'INVALID_INPUT',
        `${label} occurs ${count} times in ${path}, not ${expected}. Nothing was changed.`,
        {
          hint:
            expected === 1
              ? `Add surrounding lines to make it unique, or set expected_replacements: ${count} to replace every one.`
              : `Set expected_replacements: ${count}, or make the old text more specific.`,
        },
      );
    }
    after = after.split(old).join(replacement);
    replacements += count;
  });
  return { after, replacements };
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + needle.length))
    count++;
  return count;
}

function notFound(label: string, path: string, content: string, old: string): ToolError {
  const near = findIgnoringWhitespace(content, old);
  return new ToolError('INVALID_INPUT', `${label} was not found in ${path}. Nothing was changed.`, {
    hint:
      near === undefined
        ? 'Read the file again (read_file) and copy the text exactly, including indentation.'
        : `Lines ${near.from}–${near.to} match when whitespace is ignored: copy their exact text (indentation, tabs) from read_file.`,
  });
}

function findIgnoringWhitespace(content: string, old: string): { from: number; to: number } | undefined {
  const squash = (line: string) => line.replace(/\s+/g, '');
  const wanted = old.replaceAll('\r\n', '\n').split('\n').map(squash);
  while (wanted.length > 1 && wanted.at(-1) === '') wanted.pop();
  const lines = content.replaceAll('\r\n', '\n').split('\n').map(squash);
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((line, offset) => lines[start + offset] === line))
      return { from: start + 1, to: start + wanted.length };
  }
  return undefined;
}
