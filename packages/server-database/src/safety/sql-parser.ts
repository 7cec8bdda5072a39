import { ToolError } from '@infra-mcp/core';
import type * as LibPgQueryModule from 'libpg-query';

type LibPgQuery = typeof LibPgQueryModule;

let loading: Promise<void> | undefined;
let parser: LibPgQuery | undefined;

/**
 * Loads PostgreSQL's own parser (WebAssembly, shipped in the package); safe
 * to call many times. The module itself is imported here, not at startup,
 * so a server that is only listed never pays for it.
 */
export function loadSqlParser(): Promise<void> {
  loading ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    parser = module;
  });
  return loading;
}

/** Whether {@link loadSqlParser} has finished, so that parsing can run synchronously. */
export function isSqlParserReady(): boolean {
  return parser !== undefined;
}

/** One parsed statement: its node type (`SelectStmt`), its tree, and its own text. */
export interface ParsedStatement {
  /** The parse-tree node type, e.g. `SelectStmt`, `InsertStmt`. */
  kind: string;
  node: Record<string, unknown>;
  /** The statement's text alone, without a trailing semicolon or neighbours. */
  text: string;
  /** Where `text` starts in the SQL as given (a string index), to map server error positions back. */
  offset: number;
}

/**
 * Parses `sql` with the real PostgreSQL grammar. A syntax error becomes an
 * `INVALID_INPUT` error with PostgreSQL's message, the line and column, and
 * the offending line with a caret.
 */
export function parseStatements(sql: string): ParsedStatement[] {
  if (parser === undefined)
    throw new ToolError('UPSTREAM_UNAVAILABLE', 'The SQL parser is still loading; call again in a moment.');
  let result: ReturnType<LibPgQuery['parseSync']>;
  try {
    result = parser.parseSync(sql);
  } catch (error) {
    if (parser.hasSqlDetails(error) && error.sqlDetails !== undefined)
      throw syntaxError(sql, error.sqlDetails.message, byteOffsetToIndex(sql, error.sqlDetails.cursorPosition));
    throw new ToolError('INVALID_INPUT', `The SQL could not be parsed: ${(error as Error).message}`);
  }
  const bytes = Buffer.from(sql);
  return (result.stmts ?? []).map((raw) => {
    const stmt = (raw.stmt ?? {}) as Record<string, unknown>;
    const kind = Object.keys(stmt)[0] ?? 'Unknown';
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len === undefined || raw.stmt_len === 0 ? bytes.length : start + raw.stmt_len;
    const slice = bytes.subarray(start, end).toString();
    const text = slice.trim().replace(/;\s*$/, '').trimEnd();
    const offset = bytes.subarray(0, start).toString().length + (slice.length - slice.trimStart().length);
    return { kind, node: (stmt[kind] ?? {}) as Record<string, unknown>, text, offset };
  });
}

/** Parses `sql` and insists on exactly one statement: one statement per call is the first read-only layer. */
export function parseSingleStatement(sql: string): ParsedStatement {
  const statements = parseStatements(sql);
  if (statements.length === 0) throw new ToolError('INVALID_INPUT', 'The SQL is empty: pass one statement.');
  if (statements.length > 1)
    throw new ToolError('INVALID_INPUT', `The SQL holds ${statements.length} statements; pass exactly one per call.`, {
      hint: 'Split it into separate calls. Transaction control is not needed: each call runs in its own transaction.',
    });
  return statements[0]!;
}

/** The `INVALID_INPUT` error for a syntax error at character index `index` of `sql`. */
export function syntaxError(sql: string, message: string, index: number): ToolError {
  const before = sql.slice(0, index);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = index - lineStart + 1;
  const lineText = sql.slice(lineStart).split('\n')[0] ?? '';
  const from = Math.max(0, column - 60);
  const excerpt = lineText.slice(from, from + 120);
  return new ToolError('INVALID_INPUT', `${message} (line ${line}, column ${column})`, {
    hint: `${excerpt}\n${' '.repeat(column - 1 - from)}^`,
    details: { line, column },
  });
}

/** Converts a UTF-8 byte offset (what the parser reports) into a string index. */
export function byteOffsetToIndex(sql: string, offset: number): number {
  return Buffer.from(sql).subarray(0, Math.max(0, offset)).toString().length;
}
