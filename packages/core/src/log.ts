/** Log levels, quietest last. */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** One of {@link logLevels}. */
export type LogLevel = (typeof logLevels)[number];

/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** JSON-lines logger. Writes to stderr only: stdout is the protocol wire in stdio servers. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Where log lines go; a test can capture them. */
export type LogSink = (line: string) => void;

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const secretKey = /pass(word)?|secret|token|authorization|api[-_]?key|cookie|credential|private[-_]?key/i;

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  fields?: LogFields;
}

/** Creates a logger writing JSON lines to stderr (or `sink`). Fields whose names look secret are redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => void process.stderr.write(line));
  return new JsonLogger(threshold, sink, options.fields ?? {}, undefined);
}

/**
 * A logger and its bound fields. Servers make a child per call, and most
 * calls write no line, so a child is one small object: its fields are
 * merged with its parents' only when a line is written.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly threshold: number,
    private readonly sink: LogSink,
    private readonly bound: LogFields,
    private readonly parent: JsonLogger | undefined,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.emit('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.emit('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.emit('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.emit('error', message, fields);
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(this.threshold, this.sink, fields, this);
  }

  private emit(level: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields | undefined): void {
    if (rank[level] < this.threshold) return;
    const record = { time: new Date().toISOString(), level, msg: message, ...this.allBound(), ...fields };
    this.sink(`${JSON.stringify(record, redactingReplacer)}\n`);
  }

  /** Bound fields from the root down; a child's win over its parent's. */
  private allBound(): LogFields {
    return this.parent === undefined ? this.bound : { ...this.parent.allBound(), ...this.bound };
  }
}

function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && secretKey.test(key) && value !== undefined && value !== null) return '[redacted]';
  if (value instanceof Error) return describeError(value);
  return value;
}

/** A loggable summary of an error and its causes. */
export function describeError(error: Error): Record<string, unknown> {
  const described: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack !== undefined) described.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) described.code = code;
  if (error.cause instanceof Error) described.cause = describeError(error.cause);
  return described;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
