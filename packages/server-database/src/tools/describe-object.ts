import * as z from 'zod';
import { describeRelation } from '../catalog/describe-relation.js';
import { describeRoutines } from '../catalog/describe-routine.js';
import { describeType } from '../catalog/describe-type.js';
import { resolveObject } from '../catalog/resolve-object.js';
import { connectionInput, databaseValue, defineDatabaseTool } from './common.js';

/** The describe_object tool: one table, view, function or type in full. */
export const describeObjectTool = defineDatabaseTool({
  name: 'describe_object',
  title: 'Describe a table, view, function or type',
  description:
    'One table, view, function or type in full: columns (type, null, default), keys both ways, indexes (size, scans, validity), constraints, triggers, policies, size, row estimate; function definitions; enum labels.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    name: z.string().min(1).max(200).describe('e.g. shop.orders'),
    schema: z.string().optional(),
    connection: connectionInput,
  }),
  output: z
    .object({ connection: z.string(), kind: z.string(), schema: z.string(), name: z.string() })
    .catchall(databaseValue),
  handler: async (input, { database, signal }) => {
    const entry = database.entry(input.connection);
    const described = await database.readCatalog(entry, { signal }, async (reader) => {
      const object = await resolveObject(reader, input.name, input.schema);
      if (object.kind === 'relation') return describeRelation(reader, object.oid);
      if (object.kind === 'function') return describeRoutines(reader, object.oids);
      return describeType(reader, object.oid);
    });
    return { connection: entry.config.name, kind: '', schema: '', name: '', ...described };
  },
});
