import { jsonBytes, jsonBytesUpTo } from './json-bytes.js';
import { renderText, type RenderOptions } from './text.js';

/** A structured result with its text form, both measured. */
export interface ShapedOutput {
  structured: Record<string, unknown>;
  text: string;
  /** Bytes of the larger of the two renderings, the figure the budget caps. */
  bytes: number;
}

/** Renders a structured result; its size is measured when first asked for. */
export function shapeOutput(structured: Record<string, unknown>, options: RenderOptions = {}): ShapedOutput {
  const text = renderText(structured, options);
  let bytes: number | undefined;
  return {
    structured,
    text,
    get bytes() {
      return (bytes ??= Math.max(jsonBytes(structured), Buffer.byteLength(text)));
    },
  };
}

/**
 * Whether both renderings fit in `maxBytes`. Upper bounds answer most results,
 * far under the cap: first one that scans no string, then one that serialises
 * none. The exact count, which stops once past the cap, answers the rest
 * (a listing paged to the budget, say). Each stops as soon as it passes the cap.
 */
function fits(shaped: ShapedOutput, maxBytes: number): boolean {
  if (Buffer.byteLength(shaped.text) > maxBytes) return false;
  return (
    jsonBytesUpTo(shaped.structured, maxBytes, 'rough') <= maxBytes ||
    jsonBytesUpTo(shaped.structured, maxBytes, 'upper') <= maxBytes ||
    jsonBytesUpTo(shaped.structured, maxBytes) <= maxBytes
  );
}

const reserveForNotice = 512;
const maxPasses = 12;

/**
 * Cuts a result that exceeds `maxBytes`: repeatedly shortens its largest
 * array or string until both renderings fit, and records what was cut in a
 * `truncated` notice. Tools that page should stay inside the budget
 * themselves (they know the cursor); this is the backstop that keeps every
 * result inside the cap.
 */
export function fitToBudget(shaped: ShapedOutput, maxBytes: number, options: RenderOptions = {}): ShapedOutput {
  if (fits(shaped, maxBytes)) return shaped;
  const value = structuredClone(shaped.structured);
  const cuts: string[] = [];
  let current = shaped;
  for (let pass = 0; pass < maxPasses && current.bytes > maxBytes - reserveForNotice; pass++) {
    const target = largestNode(value, '');
    if (target === undefined) break;
    const excess = current.bytes - (maxBytes - reserveForNotice);
    const cut = shrink(target, excess);
    if (cut === undefined) break;
    cuts.push(cut);
    current = shapeOutput(value, options);
  }
  const previous =
    typeof value.truncated === 'object' && value.truncated !== null
      ? (value.truncated as { notice?: unknown; next?: unknown })
      : undefined;
  const notice =
    `Result cut to fit the ${formatBytes(maxBytes)} output budget (${cuts.join('; ') || 'too large'}). ` +
    'Narrow the request (a filter, a smaller limit or range) or continue from where this stops.';
  value.truncated =
    previous?.next === undefined ? { notice } : { notice: `${String(previous.notice)} ${notice}`, next: previous.next };
  current = shapeOutput(value, options);
  return current.bytes <= maxBytes ? current : emptied(value, notice, options);
}

interface Node {
  path: string;
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  size: number;
}

function largestNode(value: unknown, path: string): Node | undefined {
  let best: Node | undefined;
  const visit = (node: unknown, nodePath: string, parent: Node['parent'] | undefined, key: string | number): void => {
    if (typeof node === 'string' || Array.isArray(node)) {
      const size = jsonBytes(node);
      if (parent !== undefined && (best === undefined || size > best.size))
        best = { path: nodePath, parent, key, size };
    }
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${nodePath}[${index}]`, node, index));
    else if (typeof node === 'object' && node !== null) {
      for (const [childKey, child] of Object.entries(node)) {
        if (childKey === 'truncated') continue;
        visit(child, nodePath === '' ? childKey : `${nodePath}.${childKey}`, node as Record<string, unknown>, childKey);
      }
    }
  };
  visit(value, path, undefined, '');
  return best;
}

function shrink(node: Node, excess: number): string | undefined {
  const container = node.parent as Record<string | number, unknown>;
  const target = container[node.key];
  if (Array.isArray(target)) {
    if (target.length === 0) return undefined;
    let removed = 0;
    let keep = target.length;
    while (keep > 0 && removed < excess) {
      keep--;
      removed += jsonBytes(target[keep]) + 1;
    }
    container[node.key] = target.slice(0, keep);
    return `${node.path}: kept ${keep} of ${target.length} items`;
  }
  if (typeof target === 'string') {
    const bytes = Buffer.from(target);
    if (bytes.length === 0) return undefined;
    const keepBytes = Math.max(0, bytes.length - excess - 16);
    let kept = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, keepBytes)).replace(/\uFFFD$/, '');
    const lastNewline = kept.lastIndexOf('\n');
    if (lastNewline > kept.length / 2) kept = kept.slice(0, lastNewline + 1);
    container[node.key] = kept;
    return `${node.path}: kept ${Buffer.byteLength(kept)} of ${bytes.length} bytes`;
  }
  return undefined;
}

function emptied(value: Record<string, unknown>, notice: string, options: RenderOptions): ShapedOutput {
  const small = Object.entries(value).filter(
    ([key, v]) =>
      key !== 'truncated' && (typeof v !== 'object' || v === null) && (typeof v !== 'string' || v.length <= 256),
  );
  return shapeOutput({ ...Object.fromEntries(small), truncated: { notice: `${notice} Nothing fit.` } }, options);
}

/** `65536` → `64 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}
