import { defineToolFor, readOnly } from '@infra-mcp/core';
import * as z from 'zod';
import type { FilesystemDeps } from '../deps.js';

const defineTool = defineToolFor<FilesystemDeps>();

export const listAllowedDirectoriesTool = defineTool({
  name: 'list_allowed_directories',
  title: 'Allowed directories',
  description: 'The directories this server may access, and whether each is read-only.',
  annotations: readOnly,
  input: z.object({}),
  output: z.object({ directories: z.array(z.object({ path: z.string(), readOnly: z.boolean() })) }),
  handler: async (_input, { roots }) => ({
    directories: roots.map(({ path, readOnly: ro }) => ({ path, readOnly: ro })),
  }),
});
