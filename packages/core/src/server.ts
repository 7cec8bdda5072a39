import {
  CLIENT_CAPABILITIES_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  UriTemplate,
  type CallToolResult,
  type ClientCapabilities,
  type ServerContext,
  type Tool as WireTool,
} from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { AuditSink } from './audit/audit-sink.js';
import { createAuditTool } from './audit/audit-tool.js';
import { contextResources, contextResourceTemplates, contextTools } from './context/context-tools.js';
import { hasCompleters, registerCompletions } from './completion.js';
import { describeTool, fitsTool, type DescriptorSource } from './describe.js';
import type { OutputSchemaDetail } from './advertise.js';
import { silentLogger, type Logger } from './log.js';
import { buildCallChain } from './pipeline/chain.js';
import type { Era, Middleware, ToolCall } from './pipeline/call.js';
import { openRound } from './input/round.js';
import { hashOf } from './policy/canonical.js';
import { createLocalHandles } from './policy/local-handles.js';
import { modeAllows, type ServerMode } from './policy/mode.js';
import { createMemoryBuckets, type TokenTaker } from './policy/rate-limit.js';
import { defaultRateLimits, type RateLimitRules } from './policy/rate-limit-rules.js';
import { hasScope, type Principal } from './principal.js';
import type { Prompt, ReadContext, Resource, ResourceTemplate } from './resource.js';
import { createRootsProvider } from './roots.js';
import { registerPrompts, registerResources, type CompiledTemplate, type RequestScope } from './server-resources.js';
import type { Metrics } from './metrics/metrics.js';
import { metricsMiddleware } from './metrics/middleware.js';
import type { StateStore } from './state/store.js';
import type { Tool } from './tool.js';
import { noteBook } from './state/note-book.js';
import { historyReader } from './state/history-reader.js';

/** A server as its package defines it: tools, resources and prompts over injected dependencies. */
export interface ServerDefinition<D> {
  /** Short name, also the URL segment (`/mcp/<name>`) and the scope prefix (`<name>:read`). */
  name: string;
  version: string;
  title?: string;
  /** Guidance for the model on how to use this server's tools together. */
  instructions?: string;
  tools: readonly Tool<D>[];
  resources?: readonly Resource<D>[];
  resourceTemplates?: readonly ResourceTemplate<D>[];
  prompts?: readonly Prompt<D>[];
  /** What handlers get besides core's context: clients, caches. Its members are read once, when the server is built. */
  deps: D;
  /** Readiness probe behind `/readyz`; throws when an upstream is unreachable. */
  ready?: () => Promise<void>;
  /** Releases the server's resources (pools, child processes) on shutdown. */
  close?: () => Promise<void>;
}

/** How the operator runs a server: mode, budgets, lists, and the platform services. */
export interface ServerOptions {
  mode?: ServerMode;
  maxOutputBytes?: number;
  toolTimeoutMs?: number;
  log?: Logger;
  /** When set, only these tools exist. */
  allowTools?: readonly string[];
  /** These tools do not exist, whatever the mode. */
  denyTools?: readonly string[];
  /** The persisted context store: history, notes, handles (confirmation tokens), audit. */
  state?: StateStore;
  /** Where audit records go; without one, calls are not audited. */
  audit?: AuditSink;
  /** Token buckets per principal × tool; defaults to in-memory buckets with the default rules. `false` turns limits off. */
  rateLimits?: { take?: TokenTaker; rules?: RateLimitRules } | false;
  /** How long a confirmation token stays valid. */
  confirmationTtlMs?: number;
  /** How much of each output schema `tools/list` advertises (default `shallow`: top-level fields and types). */
  outputSchemas?: OutputSchemaDetail;
  /** Tool descriptors computed ahead (the CLI's build); a tool not among them is described at start. */
  descriptors?: DescriptorSource;
  /** Adds `list_audit` for principals with the `<server>:admin` scope (needs `state`). */
  adminTools?: boolean;
  /** Prometheus metrics for every MCP operation, tool calls, rate-limit decisions. */
  metrics?: Metrics;
  /** Platform middleware just inside audit and metrics. */
  outerMiddleware?: readonly Middleware[];
  /** Platform middleware between rate limiting and confirmation. */
  innerMiddleware?: readonly Middleware[];
}

/** Who an SDK instance serves and in which protocol era. */
export interface InstanceContext {
  principal: Principal;
  era: Era;
}

/** A built server, ready to be served over any transport. */
export interface InfraServer {
  readonly name: string;
  readonly version: string;
  readonly mode: ServerMode;
  /** Tools that exist under the mode and allow/deny lists (before per-principal scope filtering). */
  readonly tools: readonly Tool[];
  /** Builds the SDK instance serving one stdio connection or one HTTP request. */
  createInstance(context: InstanceContext): Server;
  /** The tools `principal` may see in `tools/list`. */
  visibleTools(principal: Principal): readonly Tool[];
  ready(): Promise<void>;
  close(): Promise<void>;
}

const defaults = { maxOutputBytes: 64 * 1024, toolTimeoutMs: 120_000 };

/** Builds a server: registers tools, resources and prompts, and composes the middleware chain once. */
export function buildServer<D>(definition: ServerDefinition<D>, options: ServerOptions = {}): InfraServer {
  assertNoReservedDeps(definition.deps);
  const mode = options.mode ?? 'read-only';
  const log = (options.log ?? silentLogger).child({ server: definition.name });
  const maxOutputBytes = options.maxOutputBytes ?? defaults.maxOutputBytes;
  const tools = [...(definition.tools as readonly Tool[]), ...platformTools(definition.name, options)].filter(
    (tool) =>
      modeAllows(mode, tool.toolClass) &&
      (options.allowTools?.includes(tool.name) ?? true) &&
      !(options.denyTools ?? []).includes(tool.name),
  );
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  if (byName.size !== tools.length)
    throw new TypeError(
      `Server ${definition.name} defines a tool name twice (core adds the context and audit tools itself)`,
    );
  const detail = options.outputSchemas ?? 'shallow';
  const table = options.descriptors?.(definition.name, detail);
  let described = 0;
  const descriptors = new Map(
    tools.map((tool) => {
      const known = table?.[tool.name];
      if (known !== undefined && fitsTool(known, tool)) return [tool.name, known];
      described++;
      return [tool.name, describeTool(definition.name, tool, detail)];
    }),
  );
  if (table !== undefined)
    log.debug('tool descriptors', { fromTable: tools.length - described, describedAtStart: described });
  const prompts = new Map((definition.prompts ?? []).map((prompt) => [prompt.name, prompt]));
  const withContext = options.state !== undefined;
  const resources = [
    ...(definition.resources ?? []),
    ...(withContext ? (contextResources as readonly Resource<D>[]) : []),
  ];
  const templates: CompiledTemplate<D>[] = [
    ...(definition.resourceTemplates ?? []),
    ...(withContext ? (contextResourceTemplates as readonly ResourceTemplate<D>[]) : []),
  ].map((template) => ({
    template,
    matcher: new UriTemplate(template.uriTemplate),
  }));
  const metrics = options.metrics;
  const completions = hasCompleters(prompts, templates);
  const handles = options.state ?? createLocalHandles();
  const limits =
    options.rateLimits === false
      ? undefined
      : {
          take: options.rateLimits?.take ?? createMemoryBuckets(),
          rules: options.rateLimits?.rules ?? defaultRateLimits,
          ...(metrics === undefined
            ? {}
            : {
                onDecision: (server: string, tool: Tool, allowed: boolean) =>
                  metrics.rateLimitDecision(server, tool, allowed ? 'allowed' : 'limited'),
              }),
        };
  const run = buildCallChain({
    mode,
    deps: definition.deps,
    maxOutputBytes,
    toolTimeoutMs: options.toolTimeoutMs ?? defaults.toolTimeoutMs,
    state: options.state,
    handles,
    confirmationTtlMs: options.confirmationTtlMs,
    audit: options.audit,
    rateLimits: limits,
    outer: [...(metrics === undefined ? [] : [metricsMiddleware(metrics)]), ...(options.outerMiddleware ?? [])],
    inner: options.innerMiddleware ?? [],
  });
  const visibleTools = (principal: Principal): readonly Tool[] =>
    tools.filter((tool) =>
      (tool.scopes ?? [`${definition.name}:${tool.toolClass}`]).every((scope) => hasScope(principal, scope)),
    );
  const history = historyReader(options.state, definition.name);
  const readContext = (principal: Principal, signal: AbortSignal): D & ReadContext =>
    ({
      ...(definition.deps as object),
      signal,
      principal,
      log,
      maxOutputBytes,
      notes: noteBook(options.state, definition.name, principal.id),
      history,
    }) as D & ReadContext;
  const auditUnknown = (name: string, principal: Principal): void =>
    options.audit?.write({
      at: new Date(),
      requestId: randomUUID(),
      principal: principal.id,
      server: definition.name,
      tool: name.slice(0, 64),
      args: {},
      outcome: 'error',
      errorCode: 'NOT_FOUND',
      durationMs: 0,
    });

  const createInstance = ({ principal, era }: InstanceContext): Server => {
    const hasResources = resources.length + templates.length > 0;
    const server = new Server(
      {
        name: `infra-mcp-${definition.name}`,
        version: definition.version,
        ...(definition.title === undefined ? {} : { title: definition.title }),
      },
      {
        capabilities: {
          tools: {},
          // Tools may log to the client (ctx.clientLog); this also answers logging/setLevel (2025 era).
          logging: {},
          ...(hasResources ? { resources: {} } : {}),
          ...(prompts.size > 0 ? { prompts: {} } : {}),
          ...(completions ? { completions: {} } : {}),
        },
        ...(definition.instructions === undefined ? {} : { instructions: definition.instructions }),
      },
    );
    const clientRoots = createRootsProvider(server, era);
    const timed = timer(server, definition.name, metrics);
    let listed: WireTool[] | undefined;
    timed('tools/list', async () => {
      listed ??= visibleTools(principal).map((tool) => descriptors.get(tool.name)!);
      return { tools: listed };
    });
    server.setRequestHandler('tools/call', async (request, sdk) => {
      const tool = byName.get(request.params.name);
      if (tool === undefined) {
        auditUnknown(request.params.name, principal);
        const error = new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
        metrics?.observeOperation({ method: 'tools/call', server: definition.name }, { seconds: 0, error });
        throw error;
      }
      const call = newCall({
        server: definition.name,
        tool,
        args: request.params.arguments ?? {},
        principal,
        era,
        sdk,
        log,
        clientCapabilities: () => server.getClientCapabilities() ?? envelopeCapabilities(sdk),
        clientRoots,
      });
      const outcome = await run(call);
      return 'content' in outcome
        ? server.projectCallToolResult(outcome as CallToolResult, descriptors.get(tool.name)?.outputSchema)
        : outcome;
    });
    const scope: RequestScope<D> = {
      context: (signal) => readContext(principal, signal),
      openRound: (sdk, target, args) =>
        openRound({
          sdk,
          handles,
          binding: { principal: principal.id, server: definition.name, target, args: hashOf(args) },
          capabilities: server.getClientCapabilities() ?? envelopeCapabilities(sdk),
        }),
    };
    if (hasResources) registerResources(timed, resources, templates, scope, maxOutputBytes);
    if (prompts.size > 0) registerPrompts(timed, prompts, scope);
    if (completions) registerCompletions(server, prompts, templates, (signal) => readContext(principal, signal));
    return server;
  };

  return {
    name: definition.name,
    version: definition.version,
    mode,
    tools,
    createInstance,
    visibleTools,
    ready: async () => definition.ready?.(),
    close: async () => definition.close?.(),
  };
}

/** Registers a request handler on an SDK instance, timed in the metrics when there are any. */
export type RegisterHandler = (
  method: TimedMethod,
  handler: (request: never, sdk: ServerContext) => Promise<unknown>,
) => void;

/** The non-tool methods core answers. */
export type TimedMethod =
  'tools/list' | 'resources/list' | 'resources/templates/list' | 'resources/read' | 'prompts/list' | 'prompts/get';

function timer(server: Server, name: string, metrics: Metrics | undefined): RegisterHandler {
  return (method, handler) => {
    const run = handler as (request: unknown, sdk: ServerContext) => Promise<never>;
    const timedRun =
      metrics === undefined
        ? run
        : (request: unknown, sdk: ServerContext) =>
            metrics.timeOperation({ method, server: name }, () => run(request, sdk));
    server.setRequestHandler(method, timedRun);
  };
}

/** Tools core adds to every server. */
function platformTools(server: string, options: ServerOptions): Tool[] {
  if (options.state === undefined) return [];
  return [
    ...(contextTools as readonly Tool[]),
    ...(options.adminTools === true ? [createAuditTool(server, options.state)] : []),
  ];
}

/** The capabilities a 2026-era request declares in its `_meta` envelope. */
function envelopeCapabilities(sdk: ServerContext): ClientCapabilities | undefined {
  const envelope: Record<string, unknown> | undefined = sdk.mcpReq.envelope;
  const declared = envelope?.[CLIENT_CAPABILITIES_META_KEY];
  return typeof declared === 'object' && declared !== null ? declared : undefined;
}

function newCall(
  fields: Pick<
    ToolCall,
    'server' | 'tool' | 'args' | 'principal' | 'era' | 'sdk' | 'log' | 'clientCapabilities' | 'clientRoots'
  >,
): ToolCall {
  const requestId = randomUUID();
  // Every member by name, not `...fields`: on Node 20 an object made by a spread
  // takes further members through a slow path, microseconds each (docs/decisions/013).
  return {
    server: fields.server,
    tool: fields.tool,
    args: fields.args,
    principal: fields.principal,
    era: fields.era,
    sdk: fields.sdk,
    clientCapabilities: fields.clientCapabilities,
    clientRoots: fields.clientRoots,
    requestId,
    signal: fields.sdk.mcpReq.signal,
    log: fields.log.child({ requestId, tool: fields.tool.name }),
    startedAt: performance.now(),
    input: undefined,
    callClass: fields.tool.toolClass,
  };
}

const reservedContextKeys = [
  'signal',
  'principal',
  'requestId',
  'log',
  'maxOutputBytes',
  'progress',
  'clientLog',
  'ask',
  'clientRoots',
  'history',
  'notes',
];

/** Handlers get deps and core's context in one object; a dependency must not shadow a core field. */
function assertNoReservedDeps(deps: unknown): void {
  if (typeof deps !== 'object' || deps === null) return;
  const clash = reservedContextKeys.filter((key) => key in deps);
  if (clash.length > 0) throw new TypeError(`Server deps must not use the core context names ${clash.join(', ')}`);
}
