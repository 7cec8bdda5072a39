import * as z from 'zod';
import { describeRelation } from '../catalog/describe-relation.js';
import { describeRoutines } from '../catalog/describe-routine.js';
import { describeType } from '../catalog/describe-type.js';
import { resolveObject } from '../catalog/resolve-object.js';
import { connectionInput, defineDatabaseTool } from './common.js';

const entries = z.array(z.record(z.string(), z.unknown()));

export const describeObjectTool = defineDatabaseTool({
  name: 'describe_object',
  title: 'Describe a table, view, function or type',
  description:
    'Full description of one object. Tables and views: columns (type, nullability, default), primary key, foreign keys both ways, indexes (size, scans, validity), constraints, triggers, policies, row estimate, size, activity. Functions: every overload with its definition. Types: labels, checks, attributes.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    name: z.string().min(1).max(200).describe('e.g. orders or shop.orders'),
    schema: z.string().min(1).optional(),
    connection: connectionInput,
  }),
  output: z
    .object({
      connection: z.string(),
      kind: z.string(),
      schema: z.string(),
      name: z.string(),
      columns: entries.optional(),
      primaryKey: z.object({ name: z.string(), columns: z.array(z.string()) }).optional(),
      foreignKeys: entries.optional(),
      referencedBy: entries.optional(),
      indexes: entries.optional(),
      constraints: entries.optional(),
      overloads: entries.optional(),
    })
    .catchall(z.unknown()),
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
