import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { inferStatusSubject } from '../lib/status-subjects.js';

const ID = 'cli-status:first-start';

/**
 * `infer migrate --status` of cli-status (`status`: its argv, count and database check) started with an
 * empty compile cache every run, against the same command with the warm cache of the previous runs: what
 * the first start after an install or an upgrade of Node costs. Each run of A gets an XDG_CACHE_HOME of its
 * own, made empty before it and removed after its check, so the CLI's bin fills a new cache every time;
 * B keeps the workspace's. Only reported (no target). Run where Node has a compile cache to enable
 * (`module.enableCompileCache`, Node 22.8+): on Node 20 both sides would be the same process.
 */
export function firstStartMeasure(ws, status) {
  if (!module.enableCompileCache)
    return { id: ID, skip: `Node ${process.version} has no compile cache (\`module.enableCompileCache\`, 22.8+)` };
  const warm = inferStatusSubject(ws, status);
  const caches = join(ws.root, 'first-start-caches');
  return {
    id: ID,
    title: `\`infer migrate --status\`, ${status.count} migrations applied, first start: an empty compile cache`,
    floorTitle: 'the same command, compile cache warm',
    a: {
      ...warm,
      label: 'infer migrate --status, empty cache',
      command(i) {
        const cacheHome = join(caches, `run-${i}`);
        rmSync(cacheHome, { recursive: true, force: true });
        mkdirSync(cacheHome, { recursive: true });
        return { argv: status.argv, cwd: ws.root, env: { ...ws.env, XDG_CACHE_HOME: cacheHome }, context: cacheHome };
      },
      verify: (run, cacheHome) =>
        readdirSync(cacheHome, { recursive: true }).length === 0
          ? 'the run wrote nothing under its empty XDG_CACHE_HOME: the CLI enabled no compile cache'
          : warm.verify(run),
      cleanup: (cacheHome) => rmSync(cacheHome, { recursive: true, force: true }),
    },
    b: { ...warm, label: 'infer migrate --status, warm cache' },
  };
}
