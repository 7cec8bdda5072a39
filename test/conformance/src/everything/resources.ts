import { defineResource, defineResourceTemplate } from '@infra-mcp/core';
import { pixel } from './media.js';

/** `resources-read-text`: a fixed text resource. */
export const staticTextResource = defineResource({
  uri: 'test://static-text',
  name: 'static-text',
  title: 'Static text',
  description: 'A fixed text resource.',
  mimeType: 'text/plain',
  read: async () => ({ text: 'This is the content of the static text resource.', mimeType: 'text/plain' }),
});

/** `resources-read-binary`: a fixed binary resource (a PNG). */
export const staticBinaryResource = defineResource({
  uri: 'test://static-binary',
  name: 'static-binary',
  title: 'Static binary',
  description: 'A fixed binary resource: a 1×1 PNG.',
  mimeType: 'image/png',
  read: async () => ({ blob: pixel.data, mimeType: pixel.mimeType }),
});

/** `resources-templates-read`: a template whose variable shows up in what it reads. */
export const dataTemplate = defineResourceTemplate({
  uriTemplate: 'test://template/{id}/data',
  name: 'template-data',
  title: 'Data by id',
  description: 'JSON data for any id.',
  mimeType: 'application/json',
  read: async ({ id = '' }) => ({
    text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
    mimeType: 'application/json',
  }),
  complete: {
    id: async (typed) => ['1', '42', '123'].filter((id) => id.startsWith(typed)),
  },
});
