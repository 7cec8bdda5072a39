import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  Server,
  UriTemplate,
  type CallToolResult,
  type ServerContext,
  type Tool as WireTool,
} from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import { authorize } from './pipeline/authorize.js';
import { compose, type Era, type Middleware, type Terminal, type ToolCall } from './pipeline/call.js';
import { errorBoundary } from './pipeline/error-boundary.js';
import { createExecutor } from './pipeline/execute.js';
import { validateInput } from './pipeline/validate.js';
import { modeAllows, type ServerMode } from './policy/mode.js';
import { hasScope, type Principal } from './principal.js';
import type { Tool } from './tool.js';
import type { Prompt, ReadContext, Resource, ResourceBody, ResourceListing, ResourceTemplate } from './resource.js';
import { silentLogger, type Logger } from './log.js';
import { describeTool, describePrompt } from './describe.js';
import { createRootsProvider } from './roots.js';
import { fitTextToBudget } from './output/text-budget.js';
import type { StateStore } from './state/store.js';
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
  deps: D;
  /** Readiness probe behind `/readyz`; throws when an upstream is unreachable. */
  ready?: () => Promise<void>;
  /** Releases the server's resources (pools, child processes) on shutdown. */
  close?: () => Promise<void>;
}

/** How the operator runs a server: mode, budgets, lists, and the platform's middleware. */
export interface ServerOptions {
  mode?: ServerMode;
  maxOutputBytes?: number;
  toolTimeoutMs?: number;
  log?: Logger;
  /** When set, only these tools exist. */
  allowTools?: readonly string[];
  /** These tools do not exist, whatever the mode. */
  denyTools?: readonly string[];
  /** Platform middleware around the whole call (audit, metrics), outermost first. */
  outerMiddleware?: readonly Middleware[];
  /** Platform middleware between authorization and the handler (rate limits, confirmation). */
  innerMiddleware?: readonly Middleware[];
  /** The persisted context store (history, notes, handles). */
  state?: StateStore;
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
  const tools = (definition.tools as readonly Tool[]).filter(
    (tool) =>
      modeAllows(mode, tool.toolClass) &&
      (options.allowTools === undefined || options.allowTools.includes(tool.name)) &&
      !(options.denyTools ?? []).includes(tool.name),
  );
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const descriptors = new Map(tools.map((tool) => [tool.name, describeTool(definition.name, tool)]));
  const prompts = new Map((definition.prompts ?? []).map((prompt) => [prompt.name, prompt]));
  const templates = (definition.resourceTemplates ?? []).map((template) => ({
    template,
    matcher: new UriTemplate(template.uriTemplate),
  }));
  const chainFor = (roots: () => Promise<readonly string[] | undefined>): Terminal =>
    compose(
      [
        ...(options.outerMiddleware ?? []),
        errorBoundary,
        validateInput,
        authorize(mode),
        ...(options.innerMiddleware ?? []),
      ],
      createExecutor({
        deps: definition.deps,
        maxOutputBytes,
        toolTimeoutMs: options.toolTimeoutMs ?? defaults.toolTimeoutMs,
        roots,
        state: options.state,
      }),
    );

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

  const createInstance = ({ principal, era }: InstanceContext): Server => {
    const hasResources = (definition.resources?.length ?? 0) + templates.length > 0;
    const server = new Server(
      {
        name: `infra-mcp-${definition.name}`,
        version: definition.version,
        ...(definition.title === undefined ? {} : { title: definition.title }),
      },
      {
        capabilities: {
          tools: {},
          ...(hasResources ? { resources: {} } : {}),
          ...(prompts.size > 0 ? { prompts: {} } : {}),
        },
        ...(definition.instructions === undefined ? {} : { instructions: definition.instructions }),
      },
    );
    const roots = createRootsProvider(server, era);
    const run = chainFor(roots);
    let listed: WireTool[] | undefined;
    server.setRequestHandler('tools/list', async () => {
      listed ??= visibleTools(principal).map((tool) => descriptors.get(tool.name)!);
      return { tools: listed };
    });
    server.setRequestHandler('tools/call', async (request, sdk) => {
      const tool = byName.get(request.params.name);
      if (tool === undefined)
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
      const call = newCall({
        server: definition.name,
        tool,
        args: request.params.arguments ?? {},
        principal,
        era,
        sdk,
        log,
      });
      const outcome = await run(call);
      return 'content' in outcome
        ? server.projectCallToolResult(outcome as CallToolResult, descriptors.get(tool.name)?.outputSchema)
        : outcome;
    });
    if (hasResources)
      registerResources(server, definition, templates, (signal) => readContext(principal, signal), maxOutputBytes);
    if (prompts.size > 0) registerPrompts(server, prompts, (signal) => readContext(principal, signal));
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

function newCall(fields: Pick<ToolCall, 'server' | 'tool' | 'args' | 'principal' | 'era' | 'sdk' | 'log'>): ToolCall {
  const requestId = randomUUID();
  return {
    ...fields,
    requestId,
    signal: fields.sdk.mcpReq.signal,
    log: fields.log.child({ requestId, tool: fields.tool.name }),
    startedAt: performance.now(),
    input: undefined,
    callClass: fields.tool.toolClass,
  };
}

function registerResources<D>(
  server: Server,
  definition: ServerDefinition<D>,
  templates: { template: ResourceTemplate<D>; matcher: UriTemplate }[],
  context: (signal: AbortSignal) => D & ReadContext,
  maxOutputBytes: number,
): void {
  const fixed = new Map((definition.resources ?? []).map((resource) => [resource.uri, resource]));
  server.setRequestHandler('resources/list', async (_request, sdk: ServerContext) => {
    const listed: ResourceListing[] = [...fixed.values()].map(({ uri, name, title, description, mimeType }) => ({
      uri,
      name,
      title,
      description,
      mimeType,
    }));
    for (const { template } of templates) {
      if (template.list !== undefined) listed.push(...(await template.list(context(sdk.mcpReq.signal))));
    }
    return { resources: listed };
  });
  server.setRequestHandler('resources/templates/list', async () => ({
    resourceTemplates: templates.map(({ template: { uriTemplate, name, title, description, mimeType } }) => ({
      uriTemplate,
      name,
      title,
      description,
      mimeType,
    })),
  }));
  server.setRequestHandler('resources/read', async (request, sdk: ServerContext) => {
    const uri = request.params.uri;
    const body = await readResource(uri, fixed, templates, context(sdk.mcpReq.signal));
    return { contents: [{ uri, ...fitTextToBudget(body, maxOutputBytes) }] };
  });
}

async function readResource<D>(
  uri: string,
  fixed: Map<string, Resource<D>>,
  templates: { template: ResourceTemplate<D>; matcher: UriTemplate }[],
  context: D & ReadContext,
): Promise<ResourceBody> {
  const resource = fixed.get(uri);
  if (resource !== undefined) return resource.read(context);
  for (const { template, matcher } of templates) {
    const variables = matcher.match(uri);
    if (variables === null) continue;
    const flat = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : String(value)]),
    );
    return template.read(flat, context);
  }
  throw new ResourceNotFoundError(uri);
}

function registerPrompts<D>(
  server: Server,
  prompts: Map<string, Prompt<D>>,
  context: (signal: AbortSignal) => D & ReadContext,
): void {
  server.setRequestHandler('prompts/list', async () => ({ prompts: [...prompts.values()].map(describePrompt) }));
  server.setRequestHandler('prompts/get', async (request, sdk: ServerContext) => {
    const prompt = prompts.get(request.params.name);
    if (prompt === undefined)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const parsed = prompt.arguments.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`)
        .join('; ');
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Invalid arguments for prompt ${prompt.name}: ${problems}`,
      );
    }
    const get = prompt.get as (args: unknown, context: D & ReadContext) => Promise<string>;
    const text = await get(parsed.data, context(sdk.mcpReq.signal));
    return { description: prompt.description, messages: [{ role: 'user', content: { type: 'text', text } }] };
  });
}

const reservedContextKeys = [
  'signal',
  'principal',
  'requestId',
  'log',
  'maxOutputBytes',
  'progress',
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
