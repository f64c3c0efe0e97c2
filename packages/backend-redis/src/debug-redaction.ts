import { createRequire } from 'node:module';
import { formatWithOptions, inspect } from 'node:util';

/**
 * ioredis logs every command it writes through the `debug` package when `DEBUG` names it
 * (`DEBUG=*`, `DEBUG=ioredis:*`): `write command[...]: 0 -> auth([ 'user', 'password' ])`. This
 * wraps the log function of the very `debug` module ioredis loads, so that every line it prints is
 * stripped of the arguments of AUTH and HELLO (whose arguments carry credentials; ioredis may also
 * cut a long argument list short, which would leave a password's beginning) and of every password a
 * client of this backend was given, in each form the formatter writes a string.
 */
interface DebugModule {
  log: (...args: unknown[]) => unknown;
  inspectOpts?: object;
}

const secrets = new Set<string>();
let installed = false;

/** The arguments of the commands that carry credentials, as ioredis's debug line shows them. */
const CREDENTIAL_COMMAND = /(-> (?:auth|hello)\().*$/gim;

/** Makes sure ioredis's debug output never shows `password`; call before a client gets it. */
export function hideFromDebugOutput(password: string | undefined): void {
  if (password) secrets.add(password);
  if (installed) return;
  installed = true;
  const debug = ioredisDebugModule();
  const write = debug.log;
  debug.log = function redactedLog(this: unknown, ...args: unknown[]): unknown {
    // Formatted as debug's own log would, then written by it as one finished line.
    return write.call(this, redactDebugLine(formatWithOptions(debug.inspectOpts ?? {}, ...args)));
  };
}

/** One debug line with credentials removed. */
function redactDebugLine(line: string): string {
  let result = line.replace(CREDENTIAL_COMMAND, '$1***)');
  for (const secret of secrets) {
    for (const form of new Set([secret, inspect(secret).slice(1, -1), JSON.stringify(secret).slice(1, -1)])) {
      result = result.split(form).join('***');
    }
  }
  return result;
}

/** The `debug` module ioredis itself requires (its own dependency, resolved from ioredis's directory). */
function ioredisDebugModule(): DebugModule {
  const requireFromIoredis = createRequire(createRequire(import.meta.url).resolve('ioredis'));
  return requireFromIoredis('debug') as DebugModule;
}
