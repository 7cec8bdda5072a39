import { ProtocolError, ProtocolErrorCode, type Server, type ServerContext } from '@modelcontextprotocol/server';
import type { Prompt, ReadContext } from './resource.js';
import type { CompiledTemplate } from './server-resources.js';

/** The most values one `completion/complete` answer carries (the spec's cap). */
const maxValues = 100;

/** Whether any prompt or resource template of a server offers completions. */
export function hasCompleters<D>(prompts: Map<string, Prompt<D>>, templates: readonly CompiledTemplate<D>[]): boolean {
  return (
    [...prompts.values()].some((prompt) => prompt.complete !== undefined) ||
    templates.some(({ template }) => template.complete !== undefined)
  );
}

/**
 * Registers `completion/complete`: suggestions for a prompt argument or a
 * resource template variable, from the completer its definition declares.
 * An argument without a completer gets no suggestions; an unknown prompt or
 * template is an invalid request.
 */
export function registerCompletions<D>(
  server: Server,
  prompts: Map<string, Prompt<D>>,
  templates: readonly CompiledTemplate<D>[],
  context: (signal: AbortSignal) => D & ReadContext,
): void {
  server.setRequestHandler('completion/complete', async (request, sdk: ServerContext) => {
    const { ref, argument } = request.params;
    const completers =
      ref.type === 'ref/prompt'
        ? known(prompts.get(ref.name), `prompt ${ref.name}`).complete
        : known(
            templates.find(({ template }) => template.uriTemplate === ref.uri)?.template,
            `resource template ${ref.uri}`,
          ).complete;
    const complete = completers?.[argument.name];
    if (complete === undefined) return { completion: { values: [], total: 0, hasMore: false } };
    const chosen = request.params.context?.arguments ?? {};
    const values = await complete(argument.value, { ...context(sdk.mcpReq.signal), arguments: chosen });
    return {
      completion: { values: values.slice(0, maxValues), total: values.length, hasMore: values.length > maxValues },
    };
  });
}

function known<T>(target: T | undefined, what: string): T {
  if (target === undefined) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No ${what} to complete`);
  return target;
}
