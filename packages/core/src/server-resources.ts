import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  isInputRequiredResult,
  type GetPromptRequest,
  type ReadResourceRequest,
  type ServerContext,
  type UriTemplate,
} from '@modelcontextprotocol/server';
import { describePrompt } from './describe.js';
import type { RegisterHandler } from './server.js';
import { answering, type Round } from './input/round.js';
import { fitTextToBudget } from './output/text-budget.js';
import type {
  AskContext,
  Prompt,
  PromptBody,
  ReadContext,
  Resource,
  ResourceBody,
  ResourceListing,
  ResourceTemplate,
} from './resource.js';

/** A resource template with its compiled matcher. */
export interface CompiledTemplate<D> {
  template: ResourceTemplate<D>;
  matcher: UriTemplate;
}

/** How request handlers reach the server's dependencies and the caller's input rounds. */
export interface RequestScope<D> {
  context: (signal: AbortSignal) => D & ReadContext;
  /** Opens the input round of a request to `target` (e.g. `prompt:review`) with these arguments. */
  openRound: (sdk: ServerContext, target: string, args: unknown) => Promise<Round>;
}

/** Registers `resources/list`, `resources/templates/list` and `resources/read` on an SDK instance. */
export function registerResources<D>(
  register: RegisterHandler,
  resources: readonly Resource<D>[],
  templates: readonly CompiledTemplate<D>[],
  scope: RequestScope<D>,
  maxOutputBytes: number,
): void {
  const { context } = scope;
  const fixed = new Map(resources.map((resource) => [resource.uri, resource]));
  register('resources/list', async (_request: unknown, sdk: ServerContext) => {
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
  register('resources/templates/list', async () => ({
    resourceTemplates: templates.map(({ template: { uriTemplate, name, title, description, mimeType } }) => ({
      uriTemplate,
      name,
      title,
      description,
      mimeType,
    })),
  }));
  register('resources/read', async (request: ReadResourceRequest, sdk: ServerContext) => {
    const uri = request.params.uri;
    const round = await scope.openRound(sdk, `resource:${uri}`, {});
    const body = await answering(round, (ask) =>
      readResource(uri, fixed, templates, { ...context(sdk.mcpReq.signal), ask }),
    );
    if (isInputRequiredResult(body)) return body;
    return { contents: [{ uri, ...fitTextToBudget(body, maxOutputBytes) }] };
  });
}

async function readResource<D>(
  uri: string,
  fixed: Map<string, Resource<D>>,
  templates: readonly CompiledTemplate<D>[],
  context: D & AskContext,
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

/** Registers `prompts/list` and `prompts/get` on an SDK instance. */
export function registerPrompts<D>(
  register: RegisterHandler,
  prompts: Map<string, Prompt<D>>,
  scope: RequestScope<D>,
): void {
  register('prompts/list', async () => ({ prompts: [...prompts.values()].map(describePrompt) }));
  register('prompts/get', async (request: GetPromptRequest, sdk: ServerContext) => {
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
    const get = prompt.get as (args: unknown, context: D & AskContext) => Promise<PromptBody>;
    const round = await scope.openRound(sdk, `prompt:${prompt.name}`, parsed.data);
    const body = await answering(round, (ask) => get(parsed.data, { ...scope.context(sdk.mcpReq.signal), ask }));
    if (isInputRequiredResult(body)) return body;
    const messages =
      typeof body === 'string'
        ? [{ role: 'user' as const, content: { type: 'text' as const, text: body } }]
        : [...body];
    return { description: prompt.description, messages };
  });
}
