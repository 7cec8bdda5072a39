/**
 * The program the PGlite child process runs, passed to `node -e`. It lives
 * in a string because the CLI ships as one bundle: a separate entry file
 * would not survive bundling, while this text needs only PGlite itself,
 * whose module URL the parent resolves and passes as the first argument
 * (the second is the data directory, empty for memory).
 *
 * Protocol over the IPC channel: the child sends `{type:'ready'}` or
 * `{type:'failed', message}` once; then for each `{id, op, text, params}`
 * it answers `{id, ok:true, results}` or `{id, ok:false, error}`, one
 * request at a time. Values come back as PostgreSQL text (identity parsers).
 */
export const pgliteHostSource = String.raw`
const [moduleUrl, dataDir] = process.argv.slice(1);
const send = (message) => { if (process.connected) process.send(message); };
process.on('disconnect', () => process.exit(0));
const identity = (value) => value;
// Every type parses to its PostgreSQL text form: the parent converts values by type itself.
const textParsers = () => new Proxy({}, { get: () => identity, set: () => true });
const shape = (result) => ({
  fields: (result.fields ?? []).map((field) => ({ name: field.name, typeOid: field.dataTypeID })),
  rows: result.rows ?? [],
  rowCount: result.affectedRows ?? (result.rows ? result.rows.length : null),
});
const describe = (error) => ({
  message: String(error && error.message ? error.message : error),
  code: error && error.code, position: error && error.position, detail: error && error.detail,
  hint: error && error.hint, severity: error && error.severity,
});
let db;
try {
  const module = await import(moduleUrl);
  const PGlite = module.PGlite ?? module.default?.PGlite;
  db = await PGlite.create(dataDir === '' ? {} : { dataDir });
  db.parsers = textParsers();
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', message: describe(error).message });
  process.exit(1);
}
let queue = Promise.resolve();
process.on('message', (message) => {
  queue = queue.then(async () => {
    const { id, op, text, params } = message;
    try {
      if (op === 'query') {
        send({ id, ok: true, results: [shape(await db.query(text, params ?? [], { rowMode: 'array' }))] });
      } else if (op === 'script') {
        send({ id, ok: true, results: (await db.exec(text, { rowMode: 'array' })).map(shape) });
      } else if (op === 'close') {
        await db.close();
        send({ id, ok: true, results: [] });
        process.exit(0);
      }
    } catch (error) {
      send({ id, ok: false, error: describe(error) });
    }
  });
});
`;
