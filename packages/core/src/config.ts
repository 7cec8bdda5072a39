import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { logLevels } from './log.js';
import { defaultDataDir } from './paths.js';
import { serverModes } from './policy/mode.js';

/** A configuration problem, phrased as one line that names the setting and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const toolList = z.array(z.string().regex(/^[a-z][a-z0-9_]*$/));

/** The platform settings every server shares. */
export const coreConfigSchema = z.object({
  mode: z.enum(serverModes).default('read-only'),
  maxOutputBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  toolTimeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
  logLevel: z.enum(logLevels).default('info'),
  dataDir: z.string().min(1).optional(),
  allowTools: toolList.optional(),
  denyTools: toolList.optional(),
  /** `shallow` (default) advertises each output schema's top-level fields; `full` the whole shape. */
  outputSchemas: z.enum(['shallow', 'full']).default('shallow'),
  /** `postgres://…` for a shared store; unset for the embedded one under the data dir. */
  stateUrl: z.string().min(1).optional(),
  /** Rate-limit rules: `default`, a class, a tool or `<server>.<tool>` → `10/hour` (or `off`). */
  rateLimits: z.record(z.string(), z.string()).default({}),
  http: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(7700),
      publicUrl: z.url().optional(),
      allowedHosts: z.array(z.string().min(1)).default([]),
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .max(64 * 1024 * 1024)
        .default(4 * 1024 * 1024),
    })
    .prefault({}),
});

/** Parsed platform settings. */
export type CoreConfig = z.infer<typeof coreConfigSchema> & { dataDir: string };

const fileSchema = coreConfigSchema.partial().extend({
  http: coreConfigSchema.shape.http.unwrap().partial().optional(),
  servers: z.record(z.string(), z.unknown()).default({}),
});

/** Settings as read: platform settings plus each server's own section of the config file. */
export interface LoadedConfig {
  core: CoreConfig;
  /** Raw per-server sections of the config file, keyed by server name; each server parses its own. */
  servers: Record<string, unknown>;
}

interface EnvSetting {
  env: string;
  path: readonly string[];
  parse: (raw: string) => unknown;
  fix: string;
}

const integer = (raw: string): unknown => (/^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw);
const list = (raw: string): unknown =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const text = (raw: string): unknown => raw;

const envSettings: readonly EnvSetting[] = [
  { env: 'INFRA_MCP_MODE', path: ['mode'], parse: text, fix: 'set it to read-only, write or destructive' },
  {
    env: 'INFRA_MCP_MAX_OUTPUT_BYTES',
    path: ['maxOutputBytes'],
    parse: integer,
    fix: 'set it to a byte count between 1024 and 16777216',
  },
  {
    env: 'INFRA_MCP_TOOL_TIMEOUT_MS',
    path: ['toolTimeoutMs'],
    parse: integer,
    fix: 'set it to milliseconds between 100 and 3600000',
  },
  { env: 'INFRA_MCP_LOG_LEVEL', path: ['logLevel'], parse: text, fix: `set it to one of ${logLevels.join(', ')}` },
  { env: 'INFRA_MCP_DATA_DIR', path: ['dataDir'], parse: text, fix: 'set it to a directory path' },
  { env: 'INFRA_MCP_ALLOW_TOOLS', path: ['allowTools'], parse: list, fix: 'set it to comma-separated tool names' },
  { env: 'INFRA_MCP_DENY_TOOLS', path: ['denyTools'], parse: list, fix: 'set it to comma-separated tool names' },
  { env: 'INFRA_MCP_OUTPUT_SCHEMAS', path: ['outputSchemas'], parse: text, fix: 'set it to shallow or full' },
  {
    env: 'INFRA_MCP_STATE_URL',
    path: ['stateUrl'],
    parse: text,
    fix: 'set it to postgres://user:password@host:5432/db, or unset it for the embedded store',
  },
  { env: 'INFRA_MCP_HOST', path: ['http', 'host'], parse: text, fix: 'set it to an address such as 127.0.0.1' },
  { env: 'INFRA_MCP_PORT', path: ['http', 'port'], parse: integer, fix: 'set it to a port between 0 and 65535' },
  {
    env: 'INFRA_MCP_PUBLIC_URL',
    path: ['http', 'publicUrl'],
    parse: text,
    fix: 'set it to an absolute URL such as https://mcp.example.com',
  },
  {
    env: 'INFRA_MCP_ALLOWED_HOSTS',
    path: ['http', 'allowedHosts'],
    parse: list,
    fix: 'set it to comma-separated host names',
  },
  {
    env: 'INFRA_MCP_MAX_BODY_BYTES',
    path: ['http', 'maxBodyBytes'],
    parse: integer,
    fix: 'set it to a byte count between 1024 and 67108864',
  },
];

/** Options for {@link loadConfig}. */
export interface LoadConfigOptions {
  env: NodeJS.ProcessEnv;
  /** Settings from command-line flags; they win over env and file. */
  overrides?: Partial<Record<string, unknown>>;
}

/**
 * Reads platform settings once, at the edge: the optional JSON config file
 * (`INFRA_MCP_CONFIG`), then env, then flags. Throws {@link ConfigError} naming
 * the variable and the fix.
 */
export function loadConfig({ env, overrides = {} }: LoadConfigOptions): LoadedConfig {
  const file = readConfigFile(env.INFRA_MCP_CONFIG);
  const merged: Record<string, unknown> = { ...file, http: { ...(file.http ?? {}) } };
  delete merged.servers;
  for (const setting of envSettings) {
    const raw = env[setting.env];
    if (raw === undefined || raw === '') continue;
    const value = setting.parse(raw);
    const checked = schemaAt(setting.path).safeParse(value);
    if (!checked.success) throw new ConfigError(`${setting.env}=${raw} is not valid: ${setting.fix}`);
    assignPath(merged, setting.path, checked.data);
  }
  for (const [key, value] of Object.entries(overrides))
    if (value !== undefined) assignPath(merged, key.split('.'), value);
  const parsed = coreConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(`Invalid setting ${describeIssues(parsed.error)}`);
  return { core: { ...parsed.data, dataDir: parsed.data.dataDir ?? defaultDataDir(env) }, servers: file.servers };
}

function readConfigFile(path: string | undefined): z.infer<typeof fileSchema> {
  if (path === undefined || path === '') return fileSchema.parse({});
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`INFRA_MCP_CONFIG=${path} cannot be read: point it at an existing JSON config file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(
      `${path} is not valid JSON (${(error as Error).message}): fix the file or unset INFRA_MCP_CONFIG`,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${path}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function schemaAt(path: readonly string[]): z.ZodType {
  const [head, sub] = path;
  const shape = coreConfigSchema.shape;
  if (head === 'http' && sub !== undefined) return (shape.http.unwrap().shape as Record<string, z.ZodType>)[sub]!;
  return (shape as Record<string, z.ZodType>)[head!]!;
}

function assignPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ??= {}) as Record<string, unknown>;
  assignPath(child, rest, value);
}

/** One line describing zod issues: `http.port: Too big: expected number to be <=65535`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ');
}
