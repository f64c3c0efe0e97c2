import { missingServerLines } from './servers.js';

/**
 * Vitest's global setup: before any test file starts, each server the chosen backends need must
 * answer; otherwise one line per missing server, and the run stops instead of failing in hundreds
 * of tests at once.
 */
export default async function checkTestServers(): Promise<void> {
  const lines = await missingServerLines();
  if (lines.length === 0) return;
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}
