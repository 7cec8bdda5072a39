// Everything this server takes from client-node at run time, in one module
// that the rest of the server imports on first use: client-node takes most
// of a second to import, so it never loads at start. The CLI's stdio build
// keeps this module, with client-node behind it, in a file of its own
// (apps/cli/build.mjs, a vendor bundle), compiled only when a call needs it.
export {
  createConfiguration,
  Exec,
  KubeConfig,
  PortForward,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
// The handler is not re-exported from the package root.
export { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
