import { defineTool, question, readOnly, type Question } from '@infra-mcp/core';
import * as z from 'zod';

const noInput = z.object({});
const reply = z.object({ reply: z.string() });

const nameForm = (message: string) => question.form(message, z.object({ name: z.string() }));

/** `tools-call-sampling`: the client's model answers a prompt. */
export const samplingTool = defineTool({
  name: 'test_sampling',
  title: 'Sampling',
  description: "Sends a prompt to the client's model and returns its reply.",
  annotations: readOnly,
  input: z.object({ prompt: z.string().describe('The prompt to send to the model') }),
  output: reply,
  handler: async ({ prompt }, { ask }) => {
    const { answer } = await ask({ answer: question.sample(prompt, { maxTokens: 100 }) });
    return { reply: `LLM response: ${answer}` };
  },
});

/** `tools-call-elicitation`: a person fills in a form. */
export const elicitationTool = defineTool({
  name: 'test_elicitation',
  title: 'Elicitation',
  description: 'Asks the user for a username and an email address.',
  annotations: readOnly,
  input: z.object({ message: z.string().describe('The message to show the user') }),
  output: z.object({ answered: z.boolean(), username: z.string().optional(), email: z.string().optional() }),
  handler: async ({ message }, { ask }) => {
    const form = z.object({
      username: z.string().describe("User's response"),
      email: z.string().describe("User's email address"),
    });
    const { person } = await ask({ person: question.form(message, form) });
    return person === undefined ? { answered: false } : { answered: true, ...person };
  },
});

/** `elicitation-sep1034-defaults`: a form whose every field has a default. */
export const elicitationDefaultsTool = defineTool({
  name: 'test_elicitation_sep1034_defaults',
  title: 'Elicitation defaults',
  description: 'Asks the user to review a form whose fields are prefilled.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ answered: z.boolean(), answer: z.record(z.string(), z.unknown()).optional() }),
  handler: async (_input, { ask }) => {
    const form = z.object({
      name: z.string().describe('User name').default('John Doe'),
      age: z.number().int().describe('User age').default(30),
      score: z.number().describe('User score').default(95.5),
      status: z.enum(['active', 'inactive', 'pending']).describe('User status').default('active'),
      verified: z.boolean().describe('Verification status').default(true),
    });
    const { review } = await ask({ review: question.form('Please review and update the form fields', form) });
    return review === undefined ? { answered: false } : { answered: true, answer: review };
  },
});

/** `input-required-result-basic-elicitation` and friends: one form, answered on the retry. */
export const inputElicitationTool = defineTool({
  name: 'test_input_required_result_elicitation',
  title: 'Input round: form',
  description: 'Asks the user for their name, then greets them.',
  annotations: readOnly,
  input: noInput,
  output: reply,
  handler: async (_input, { ask }) => {
    const { user_name } = await ask({ user_name: nameForm('What is your name?') });
    return { reply: `Hello, ${user_name?.name ?? 'whoever declined to say'}!` };
  },
});

/** `input-required-result-basic-sampling`: one sampling prompt, answered on the retry. */
export const inputSamplingTool = defineTool({
  name: 'test_input_required_result_sampling',
  title: 'Input round: sampling',
  description: "Asks the client's model a question and returns its reply.",
  annotations: readOnly,
  input: noInput,
  output: reply,
  handler: async (_input, { ask }) => {
    const { capital } = await ask({ capital: question.sample('What is the capital of France?', { maxTokens: 100 }) });
    return { reply: `Sampling response: ${capital}` };
  },
});

/** `input-required-result-basic-list-roots`: the client's roots, answered on the retry. */
export const inputRootsTool = defineTool({
  name: 'test_input_required_result_list_roots',
  title: 'Input round: roots',
  description: 'Lists the roots the client exposes.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ roots: z.array(z.string()) }),
  handler: async (_input, { ask }) => {
    const { client_roots } = await ask({ client_roots: question.roots() });
    return { roots: client_roots.map((root) => root.uri) };
  },
});

/** `input-required-result-request-state`: the answer arrives with the round's requestState. */
export const inputStateTool = defineTool({
  name: 'test_input_required_result_request_state',
  title: 'Input round: state',
  description: 'Asks for a confirmation and checks the round it belongs to.',
  annotations: readOnly,
  input: noInput,
  output: reply,
  handler: async (_input, { ask }) => {
    await ask({ confirm: question.form('Please confirm', z.object({ ok: z.boolean() })) });
    return { reply: 'state-ok: requestState verified and confirmation received' };
  },
});

/** `input-required-result-multiple-input-requests`: a form, a sampling prompt and the roots in one round. */
export const inputManyTool = defineTool({
  name: 'test_input_required_result_multiple_inputs',
  title: 'Input round: several at once',
  description: 'Asks for a name, a greeting from the model and the roots, all at once.',
  annotations: readOnly,
  input: noInput,
  output: reply,
  handler: async (_input, { ask }) => {
    const { user_name, greeting, client_roots } = await ask({
      user_name: nameForm('What is your name?'),
      greeting: question.sample('Generate a greeting', { maxTokens: 50 }),
      client_roots: question.roots(),
    });
    return { reply: `${greeting} ${user_name?.name ?? 'stranger'}: ${client_roots.length} root(s) visible` };
  },
});

/** `input-required-result-multi-round`: two questions in sequence, the first answer kept across rounds. */
export const inputRoundsTool = defineTool({
  name: 'test_input_required_result_multi_round',
  title: 'Input round: two in a row',
  description: 'Asks for a name, then for a favourite colour.',
  annotations: readOnly,
  input: noInput,
  output: reply,
  handler: async (_input, { ask }) => {
    const { step1 } = await ask({ step1: nameForm('Step 1: What is your name?') });
    const { step2 } = await ask({
      step2: question.form('Step 2: What is your favorite color?', z.object({ color: z.string() })),
    });
    return { reply: `${step1?.name ?? 'someone'} likes ${step2?.color ?? 'no colour in particular'}` };
  },
});

/** `input-required-result-tampered-state`: a forged requestState is refused before the handler runs. */
export const inputTamperTool = defineTool({
  name: 'test_input_required_result_tampered_state',
  title: 'Input round: forged state',
  description: 'Asks for a confirmation; a retry with a forged round is refused.',
  annotations: readOnly,
  input: noInput,
  output: reply,
  handler: async (_input, { ask }) => {
    await ask({ confirm: question.form('Please confirm', z.object({ ok: z.boolean() })) });
    return { reply: 'integrity-ok' };
  },
});

/** `input-required-result-capability-check`: asks only what the client declared it can answer. */
export const inputCapabilitiesTool = defineTool({
  name: 'test_input_required_result_capabilities',
  title: 'Input round: capabilities',
  description: 'Asks the client only the kinds of question it declared it can answer.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ answered: z.array(z.string()) }),
  handler: async (_input, { ask }) => {
    const all: Record<string, Question<unknown>> = {
      user_name: nameForm('What is your name?'),
      greeting: question.sample('Generate a short greeting', { maxTokens: 50 }),
      client_roots: question.roots(),
    };
    const answerable = Object.fromEntries(Object.entries(all).filter(([, asked]) => ask.can(asked.kind)));
    return { answered: Object.keys(await ask(answerable)) };
  },
});

/** `server-stateless`: needs sampling, so a client that did not declare it is refused with -32021. */
export const missingCapabilityTool = defineTool({
  name: 'test_missing_capability',
  title: 'Needs sampling',
  description: "Asks the client's model for one word; needs the sampling capability.",
  annotations: readOnly,
  input: noInput,
  output: reply,
  handler: async (_input, { ask }) => {
    const { pong } = await ask({ pong: question.sample('Reply with the single word: pong', { maxTokens: 16 }) });
    return { reply: pong };
  },
});
