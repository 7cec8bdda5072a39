import { defineResourceTemplate, renderText, ToolError } from '@infra-mcp/core';
import { describeRelation } from '../catalog/describe-relation.js';
import { resolveObject } from '../catalog/resolve-object.js';
import type { DatabaseDeps } from '../deps.js';
import { describeObjectTool } from '../tools/describe-object.js';

/** One resource per table or view: the same description describe_object gives, as text. */
export const tableResource = defineResourceTemplate<DatabaseDeps>({
  uriTemplate: 'database://{connection}/table/{schema}/{table}',
  name: 'table',
  title: 'Table',
  description: 'Columns, keys, indexes, constraints and size of one table or view.',
  mimeType: 'text/plain',
  read: async ({ connection, schema, table }, { database, signal }) => {
    const entry = database.entry(connection);
    const described = await database.readCatalog(entry, { signal }, async (reader) => {
      const object = await resolveObject(reader, table ?? '', schema);
      if (object.kind !== 'relation')
        throw new ToolError('NOT_FOUND', `${schema ?? ''}.${table ?? ''} is a ${object.kind}, not a table or view.`);
      return describeRelation(reader, object.oid);
    });
    // Fenced as describe_object's result is: comments and definitions are anyone's text.
    const text = renderText(
      { connection: entry.config.name, ...described },
      { untrusted: describeObjectTool.untrusted },
    );
    return { text: `${text}\n`, mimeType: 'text/plain' };
  },
});
