/**
 * The program the PGlite child process runs, passed to `node -e`. It lives
 * in a string because the CLI ships as one bundle: a separate entry file
 * would not survive bundling, while this text needs only PGlite itself,
 * whose module URL the parent resolves and passes as the first argument
 * (the second is the data directory, empty for memory).
 *
 * Protocol over the IPC channel: the child sends `{type:'ready'}` or
 * `{type:'failed', message}` once; then for each `{id, op:'send', steps}` it
 * runs the steps in order (a failed step does not stop the next, as on a
 * pipelined connection) and answers `{id, outcomes}`; `{id, op:'close'}`
 * closes the database. Values come back as PostgreSQL text.
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
const runStep = async (step) =>
  step.protocol === 'simple'
    ? (await db.exec(step.text, { rowMode: 'array' })).map(shape)
    : [shape(await db.query(step.text, step.params ?? [], { rowMode: 'array' }))];
let queue = Promise.resolve();
process.on('message', (message) => {
  queue = queue.then(async () => {
    const { id, op, steps } = message;
    if (op === 'close') {
      await db.close();
      send({ id, outcomes: [] });
      process.exit(0);
    }
    const outcomes = [];
    for (const step of steps) {
      try {
        outcomes.push({ ok: true, results: await runStep(step) });
      } catch (error) {
        outcomes.push({ ok: false, error: describe(error) });
      }
    }
    send({ id, outcomes });
  });
});
`;
