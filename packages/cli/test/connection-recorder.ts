import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

/** A TCP port on 127.0.0.1 that records every connection made to it (and closes it at once). */
export interface ConnectionRecorder {
  readonly port: number;
  /** How many connections were made so far; readable while a synchronous spawn has just returned. */
  connections(): number;
  stop(): void;
}

// In a process of its own: the test process is blocked while it runs the CLI with spawnSync.
const LISTENER = `
const { appendFileSync } = require('node:fs');
const server = require('node:net').createServer((socket) => { appendFileSync(process.argv[1], 'connection\\n'); socket.destroy(); });
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

export async function connectionRecorder(): Promise<ConnectionRecorder> {
  const dir = mkdtempSync(join(tmpdir(), 'infer-connections-'));
  const log = join(dir, 'connections.log');
  const child: ChildProcess = spawn(process.execPath, ['-e', LISTENER, log], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    port: Number(chunk.toString().trim()),
    connections: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
