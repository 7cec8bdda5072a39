import { audioContent, defineTool, embeddedResource, imageContent, readOnly } from '@infra-mcp/core';
import * as z from 'zod';
import { pixel, silence } from './media.js';

const noInput = z.object({});

/** `tools-call-simple-text`: a result whose text form is one line. */
export const simpleTextTool = defineTool({
  name: 'test_simple_text',
  title: 'Simple text',
  description: 'Returns one line of text.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ text: z.string() }),
  handler: async () => ({ text: 'This is a simple text response for testing.' }),
});

/** `tools-call-image`: an image output field, sent as an image block. */
export const imageTool = defineTool({
  name: 'test_image_content',
  title: 'Image content',
  description: 'Returns a 1×1 PNG image.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ image: imageContent }),
  handler: async () => ({ image: pixel }),
});

/** `tools-call-audio`: an audio output field, sent as an audio block. */
export const audioTool = defineTool({
  name: 'test_audio_content',
  title: 'Audio content',
  description: 'Returns a short WAV clip.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ audio: audioContent }),
  handler: async () => ({ audio: silence }),
});

/** `tools-call-embedded-resource`: a resource embedded whole. */
export const embeddedResourceTool = defineTool({
  name: 'test_embedded_resource',
  title: 'Embedded resource',
  description: 'Returns a text resource embedded in the result.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ resource: embeddedResource }),
  handler: async () => ({
    resource: {
      uri: 'test://embedded-resource',
      mimeType: 'text/plain',
      text: 'This is an embedded resource content.',
    },
  }),
});

/** `tools-call-mixed-content`: structured fields, an image and a resource in one result. */
export const mixedContentTool = defineTool({
  name: 'test_multiple_content_types',
  title: 'Mixed content',
  description: 'Returns text, an image and an embedded JSON resource together.',
  annotations: readOnly,
  input: noInput,
  output: z.object({ caption: z.string(), image: imageContent, data: embeddedResource }),
  handler: async () => ({
    caption: 'Multiple content types test:',
    image: pixel,
    data: {
      uri: 'test://mixed-content-resource',
      mimeType: 'application/json',
      text: JSON.stringify({ test: 'data', value: 123 }),
    },
  }),
});
