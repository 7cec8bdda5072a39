import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { ConfigError, describeIssues } from '../config.js';
import { apiKeyEntrySchema, type ApiKeyEntry } from './api-key.js';

const fileSchema = z.array(apiKeyEntrySchema);

/**
 * Reads and checks the API keys file. Throws {@link ConfigError} naming the
 * file and the problem: unreadable, not JSON, a bad entry, or a digest listed twice.
 */
export async function readApiKeyFile(path: string): Promise<ApiKeyEntry[]> {
  const text = await readText(path);
  if (text === undefined)
    throw new ConfigError(
      `API keys file ${path} does not exist: create it with infra-mcp auth new-key, or fix INFRA_MCP_API_KEYS_FILE`,
    );
  return parseApiKeyFile(text, path);
}

/** Parses the text of an API keys file; `path` only names it in errors. */
export function parseApiKeyFile(text: string, path: string): ApiKeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`API keys file ${path} is not valid JSON (${(error as Error).message}): fix the file`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(
      `API keys file ${path} is not valid: ${describeIssues(parsed.error)} (expected [{ "principal", "sha256", "scopes" }])`,
    );
  const seen = new Map<string, string>();
  for (const entry of parsed.data) {
    const other = seen.get(entry.sha256);
    if (other !== undefined)
      throw new ConfigError(
        `API keys file ${path} lists one key digest twice (principals ${other} and ${entry.principal}): remove one entry`,
      );
    seen.set(entry.sha256, entry.principal);
  }
  return parsed.data;
}

/**
 * Adds an entry to the keys file, creating it (owner-only) when absent. The
 * new file replaces the old in one rename, so a server reloading it never
 * reads half a file.
 */
export async function appendApiKeyEntry(path: string, entry: ApiKeyEntry): Promise<void> {
  const existing = await readExisting(path);
  const next = [...existing, entry];
  parseApiKeyFile(JSON.stringify(next), path);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

async function readExisting(path: string): Promise<ApiKeyEntry[]> {
  const text = await readText(path);
  return text === undefined ? [] : parseApiKeyFile(text, path);
}

/** The file's text, or `undefined` when it does not exist. */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`API keys file ${path} cannot be read (${code ?? 'unknown error'}): check its permissions`);
  }
}
