import type { CoreConfig } from './config.js';
import type { Logger } from './log.js';
import type { Platform } from './platform.js';
import type { InfraServer } from './server.js';

/** What a server module reads its settings from. */
export interface ConfigureInput {
  /** The process environment (only `bin.ts` / the CLI ever passes `process.env`). */
  env: NodeJS.ProcessEnv;
  /** Positional arguments after the server name on the command line (stdio runs), e.g. directories. */
  args: readonly string[];
  /** This server's section of the config file (`servers.<name>`), unparsed. */
  section: unknown;
  /** Platform settings, already parsed. */
  core: CoreConfig;
  /**
   * True when `infra-mcp serve` runs the server with embedded defaults: with
   * nothing configured it should still start, on a safe local stand-in
   * (a workspace folder, a sandbox database).
   */
  embedded: boolean;
}

/** The platform services a server module gets when it builds its server. */
export interface CreateInput<C> {
  config: C;
  core: CoreConfig;
  log: Logger;
  /** Shared services: pass `platform.serverOptions` to `buildServer`, wrap upstream clients in `platform.breaker(name)`. */
  platform: Pick<Platform, 'serverOptions' | 'breaker'>;
}

/**
 * How the `infra-mcp` command runs a server package: parse its settings at
 * the edge, then build it with real clients. Each server's `bin.ts` exports one.
 */
export interface ServerModule<C = unknown> {
  /** Short name: the CLI subcommand, the URL segment and the scope prefix. */
  readonly name: string;
  /** One line for `infra-mcp --help`. */
  readonly summary: string;
  /** Usage of the positional arguments for the stdio command, e.g. `[dir[:ro]…]`. */
  readonly usage?: string;
  /** Parses settings; throws `ConfigError` with one line naming the setting and the fix. */
  configure(input: ConfigureInput): C;
  /**
   * Why this server has nothing to serve on this machine (e.g. no kubeconfig),
   * or undefined when it has. `infra-mcp serve` with no server named skips
   * such a server and says why, so a fresh machine's readiness is not held
   * back by a system it does not have; named explicitly, it is served.
   */
  unavailable?(config: C): string | undefined;
  /** Builds the server with real clients. */
  create(input: CreateInput<C>): Promise<InfraServer>;
  /** Arguments for a client config entry that runs this server over stdio (`infra-mcp config claude-desktop`). */
  exampleArgs?(input: { dataDir: string }): readonly string[];
}
