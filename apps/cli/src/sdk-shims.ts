// Bundled in place of the SDK's Node shims (see build.mjs): the same
// `process`, with the SDK's lighter JSON Schema validator (cfworker) instead
// of AJV. The validator only checks the answers to elicitation forms, whose
// schemas are flat objects of primitives; AJV's 300 KB of code would
// otherwise be parsed at every start of every stdio server.
export { CfWorkerJsonSchemaValidator as DefaultJsonSchemaValidator } from '@modelcontextprotocol/server/validators/cf-worker';
export { default as process } from 'node:process';
