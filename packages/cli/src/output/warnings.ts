import { format } from 'node:util';

let routed = false;

/**
 * Sends process warnings (`process.emitWarning`, a backend waiting for a lock) and what drivers
 * print with `console.warn` (ioredis: "[WARN] This Redis server's `default` user does not require a
 * password...") through `warn`, one line each in the CLI's `Warning: …` format, instead of Node's
 * `(node:1234) Warning:` lines and the drivers' own prefixes.
 */
export function routeWarnings(warn: (line: string) => void): void {
  if (routed) return;
  routed = true;
  process.removeAllListeners('warning');
  process.on('warning', (warning) => warn(warning.message));
  console.warn = (...args: unknown[]) => warn(format(...args).replace(/^\[WARN\]\s*/, ''));
}
