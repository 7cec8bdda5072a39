import { type JsonObject, asArray, asObject, asString, getIn } from '../util/object.js';

/** One command run in a container through pods/exec. */
export interface ExecRequest {
  namespace: string;
  pod: JsonObject;
  container: string;
  command: string[];
  /** What the client sent on stdin (empty unless it asked for stdin). */
  stdin: string;
}

/** What the command printed and how it exited. */
export interface ExecResult {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

/** Decides what a command run in a container does; tests may install their own. */
export type ExecHandler = (request: ExecRequest) => ExecResult | Promise<ExecResult>;

function containerEnv(request: ExecRequest): string {
  const container = asArray(getIn(request.pod, ['spec', 'containers']))
    .map(asObject)
    .find((c) => c.name === request.container);
  const declared = asArray(container?.env)
    .map(asObject)
    .map((env) => `${asString(env.name)}=${asString(env.value)}`);
  const name = asString(getIn(request.pod, ['metadata', 'name']));
  return (
    [
      `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      `HOSTNAME=${name}`,
      ...declared,
      'KUBERNETES_SERVICE_HOST=10.96.0.1',
      'KUBERNETES_SERVICE_PORT=443',
      'HOME=/root',
    ].join('\n') + '\n'
  );
}

/** Unwraps `sh -c "…"` into the words of the script (no quoting rules beyond whitespace). */
function words(command: string[]): string[] {
  const [program = '', flag, script] = command;
  if (/(^|\/)(sh|bash|ash)$/.test(program) && flag === '-c' && script !== undefined) return script.trim().split(/\s+/);
  return command;
}

/**
 * The default container: a few shell basics (echo, hostname, env/printenv,
 * cat of stdin or /etc/hostname, true, false, date), and the runtime's own
 * "executable file not found" for anything else.
 */
export const defaultExecHandler: ExecHandler = (request) => {
  const [program = '', ...args] = words(request.command);
  const name = asString(getIn(request.pod, ['metadata', 'name']));
  switch (program.split('/').pop() ?? '') {
    case 'echo':
      return { stdout: `${args.join(' ')}\n` };
    case 'hostname':
      return { stdout: `${name}\n` };
    case 'env':
    case 'printenv':
      return { stdout: containerEnv(request) };
    case 'cat':
      if (args.length === 0) return { stdout: request.stdin };
      if (args[0] === '/etc/hostname') return { stdout: `${name}\n` };
      return { stderr: `cat: ${args[0] ?? ''}: No such file or directory\n`, exitCode: 1 };
    case 'true':
      return {};
    case 'false':
      return { exitCode: 1 };
    case 'date':
      return { stdout: `${new Date().toUTCString()}\n` };
    default:
      return {
        stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`,
        exitCode: 126,
      };
  }
};
