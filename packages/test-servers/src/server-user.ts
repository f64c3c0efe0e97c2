import { execFileSync } from 'node:child_process';

/** Whether the tests run as root, when the server programs that refuse root run as `postgres`. */
export const asRoot = process.getuid?.() === 0;

let postgresUser: { uid: number; gid: number } | undefined;

/** The `postgres` user's ids (the `postgresql` package creates that user). */
export function serverUser(): { uid: number; gid: number } {
  postgresUser ??= {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  };
  return postgresUser;
}
