import { definePrompt, question } from '@infra-mcp/core';
import * as z from 'zod';
import { pixel } from './media.js';

/** `prompts-get-simple`: a prompt without arguments. */
export const simplePrompt = definePrompt({
  name: 'test_simple_prompt',
  title: 'Simple prompt',
  description: 'A prompt without arguments.',
  arguments: z.object({}),
  get: async () => 'This is a simple prompt for testing.',
});

const cities = ['paris', 'park', 'party', 'prague', 'test', 'testing'];

/** `prompts-get-with-args` and `completion-complete`: two arguments, the first one completed. */
export const argumentsPrompt = definePrompt({
  name: 'test_prompt_with_arguments',
  title: 'Prompt with arguments',
  description: 'A prompt with two required arguments.',
  arguments: z.object({
    arg1: z.string().describe('First test argument'),
    arg2: z.string().describe('Second test argument'),
  }),
  get: async ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
  complete: {
    arg1: async (typed) => cities.filter((city) => city.startsWith(typed.toLowerCase())),
  },
});

/** `prompts-get-embedded-resource`: a message embedding a resource, then one about it. */
export const embeddedResourcePrompt = definePrompt({
  name: 'test_prompt_with_embedded_resource',
  title: 'Prompt with an embedded resource',
  description: 'A prompt that embeds the resource it names.',
  arguments: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
  get: async ({ resourceUri }) => [
    {
      role: 'user',
      content: {
        type: 'resource',
        resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
      },
    },
    { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
  ],
});

/** `prompts-get-with-image`: a message carrying an image, then one about it. */
export const imagePrompt = definePrompt({
  name: 'test_prompt_with_image',
  title: 'Prompt with an image',
  description: 'A prompt that carries an image.',
  arguments: z.object({}),
  get: async () => [
    { role: 'user', content: { type: 'image', ...pixel } },
    { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
  ],
});

/** `input-required-result-non-tool-request`: a prompt that asks the user before it renders. */
export const askingPrompt = definePrompt({
  name: 'test_input_required_result_prompt',
  title: 'Prompt that asks',
  description: 'Asks the user for context, then renders a prompt with it.',
  arguments: z.object({}),
  get: async (_args, { ask }) => {
    const { user_context } = await ask({
      user_context: question.form('What context should the prompt use?', z.object({ context: z.string() })),
    });
    return `Use the following context: ${user_context?.context ?? '(none given)'}`;
  },
});
