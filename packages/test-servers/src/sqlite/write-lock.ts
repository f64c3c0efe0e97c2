import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const HOLDER = fileURLToPath(new URL('../../fixtures/hold-write-lock.mjs', import.meta.url));
const holders: ChildProcess[] = [];
afterEach(() => {
  for (const holder of holders.splice(0)) holder.kill();
});

/**
 * Another process (as the Inference Gateway CLI would) holding the write lock of `db` for `ms`; killed after the test.
 */
export async function holdWriteLock(db: string, ms: number): Promise<ChildProcess> {
  const holder = spawn(process.execPath, [HOLDER, db, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  holders.push(holder);
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  return holder;
}
