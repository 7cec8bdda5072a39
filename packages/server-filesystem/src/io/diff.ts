/** One line of an edit script: kept, removed or added. */
type Op = { kind: ' ' | '-' | '+'; text: string };

const contextLines = 3;
/** Above this many differing lines, the changed block is shown as removed then added, without a minimal diff. */
const maxLcsCells = 4_000_000;

/**
 * A unified diff (`---`/`+++`, `@@` hunks with 3 lines of context) of two
 * texts, line by line, as `diff -u` and `git diff` print it.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(splitKeep(before), splitKeep(after));
  const hunks = buildHunks(ops);
  return [`--- ${path}`, `+++ ${path}`, ...hunks].join('\n') + '\n';
}

function splitKeep(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = middleOps(a.slice(start, endA), b.slice(start, endB));
  return [
    ...a.slice(0, start).map((text) => ({ kind: ' ' as const, text })),
    ...middle,
    ...a.slice(endA).map((text) => ({ kind: ' ' as const, text })),
  ];
}

function middleOps(a: string[], b: string[]): Op[] {
  if (a.length === 0 || b.length === 0 || a.length * b.length > maxLcsCells) {
    return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  }
  // Longest common subsequence by dynamic programming over the (small) changed block.
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j]
          ? table[(i + 1) * cols + j + 1]! + 1
          : Math.max(table[(i + 1) * cols + j]!, table[i * cols + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i]! });
      i++;
      j++;
    } else if (table[(i + 1) * cols + j]! >= table[i * cols + j + 1]!) ops.push({ kind: '-', text: a[i++]! });
    else ops.push({ kind: '+', text: b[j++]! });
  }
  while (i < a.length) ops.push({ kind: '-', text: a[i++]! });
  while (j < b.length) ops.push({ kind: '+', text: b[j++]! });
  return ops;
}

function buildHunks(ops: Op[]): string[] {
  const lines: string[] = [];
  let index = 0;
  let lineA = 1;
  let lineB = 1;
  while (index < ops.length) {
    if (ops[index]!.kind === ' ') {
      index++;
      lineA++;
      lineB++;
      continue;
    }
    const begin = Math.max(0, index - contextLines);
    let end = index;
    // Extend the hunk while the next change is within twice the context.
    for (let scan = index; scan < ops.length; scan++) {
      if (ops[scan]!.kind !== ' ') end = scan;
      else if (scan - end > contextLines * 2) break;
    }
    const stop = Math.min(ops.length, end + contextLines + 1);
    const back = index - begin;
    const startA = lineA - back;
    const startB = lineB - back;
    const body = ops.slice(begin, stop);
    const countA = body.filter((op) => op.kind !== '+').length;
    const countB = body.filter((op) => op.kind !== '-').length;
    lines.push(
      `@@ -${countA === 0 ? startA - 1 : startA},${countA} +${countB === 0 ? startB - 1 : startB},${countB} @@`,
    );
    for (const op of body) lines.push(`${op.kind}${op.text}`);
    for (let scan = index; scan < stop; scan++) {
      if (ops[scan]!.kind !== '+') lineA++;
      if (ops[scan]!.kind !== '-') lineB++;
    }
    index = stop;
  }
  return lines;
}
