import { missingServerLines } from './servers.js';
import { unknownBackendLines } from './test-backends.js';

/**
 * Vitest's global setup: before any test file starts, INFER_TEST_BACKENDS must name only backends
 * of the tests, and each server the chosen backends need must answer; otherwise one line per
 * problem, and the run stops instead of failing in hundreds of tests at once.
 */
export default async function checkTestServers(): Promise<void> {
  const lines = [...unknownBackendLines(), ...(await missingServerLines())];
  if (lines.length === 0) return;
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}
