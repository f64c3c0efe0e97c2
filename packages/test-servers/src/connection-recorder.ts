import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

/** A TCP port on 127.0.0.1 that records every connection made to it (and closes it at once). */
export interface ConnectionRecorder {
  readonly port: number;
  /** How many connections were made so far; readable right after a synchronous spawn, and after `stop`. */
  connections(): number;
  stop(): void;
}

// In a process of its own: the test process is blocked while it runs the CLI with spawnSync.
const LISTENER = `
const { appendFileSync } = require('node:fs');
const server = require('node:net').createServer((socket) => {
  appendFileSync(process.argv[1], 'connection\\n');
  socket.destroy();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/** Starts the recorder; its log is `dir/connections.log` (a sandbox's, removed with it; one recorder per directory). */
export async function connectionRecorder(dir: string): Promise<ConnectionRecorder> {
  const log = join(dir, 'connections.log');
  const child: ChildProcess = spawn(process.execPath, ['-e', LISTENER, log], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    port: Number(chunk.toString().trim()),
    connections: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
    stop: () => child.kill(),
  };
}
