export { startFakeKubeApiServer, type FakeKubeApiServer } from './start.js';
export { type FakeKubeApiServerOptions } from './options.js';
export { type UserInput as FakeUser, type PolicyRule } from './auth/users.js';
export { type LogLine } from './logs/pod-logs.js';
export { type Usage } from './metrics/metrics-source.js';
export { type ObjectHelpers } from './object-helpers.js';
export { type JsonObject } from './util/object.js';
