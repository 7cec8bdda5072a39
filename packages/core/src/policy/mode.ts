/** Server modes, least to most permissive. `read-only` is the default everywhere. */
export const serverModes = ['read-only', 'write', 'destructive'] as const;

/** One of {@link serverModes}. */
export type ServerMode = (typeof serverModes)[number];

/** What a tool (or one call of it) does: reads, writes, or destroys. */
export type ToolClass = 'read' | 'write' | 'destructive';

const classRank: Record<ToolClass, number> = { read: 0, write: 1, destructive: 2 };
const modeRank: Record<ServerMode, number> = { 'read-only': 0, write: 1, destructive: 2 };

/** Whether a server in `mode` may run a tool (or call) of class `toolClass`. */
export function modeAllows(mode: ServerMode, toolClass: ToolClass): boolean {
  return modeRank[mode] >= classRank[toolClass];
}

/** The higher of two classes. */
export function maxClass(a: ToolClass, b: ToolClass): ToolClass {
  return classRank[a] >= classRank[b] ? a : b;
}

/** The least mode that allows `toolClass`, for error messages that say how to enable it. */
export function modeFor(toolClass: ToolClass): ServerMode {
  return serverModes[classRank[toolClass]] ?? 'destructive';
}
