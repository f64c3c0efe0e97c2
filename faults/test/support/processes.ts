import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Exit, startNode } from '@infer/test-servers';

/** The real `infer` binary. */
export const INFER = fileURLToPath(new URL('../../../packages/cli/bin/run.js', import.meta.url));

/** `infer <args>` with `env` (storage settings) in a HOME of its own, removed when the process ends. */
export function startInfer(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; exit: Promise<Exit> } {
  const home = mkdtempSync(join(tmpdir(), 'infer-faults-home-'));
  const { child, exit } = startNode([INFER, ...args], {
    env: { ...process.env, HOME: home, OCLIF_SKIP_NEW_VERSION_CHECK: 'true', ...env },
  });
  return { child, exit: exit.finally(() => rmSync(home, { recursive: true, force: true })) };
}

/** `infer migrate --json` with `env` (storage settings) in a HOME of its own. */
export function startMigrate(env: NodeJS.ProcessEnv): { child: ChildProcess; exit: Promise<Exit> } {
  return startInfer(['migrate', '--json'], env);
}

/** Resolves once `child` has printed something matching `pattern` (stdout or stderr); rejects if it ends first. */
export function whenPrinted(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const look = (chunk: Buffer) => {
      output += chunk;
      if (pattern.test(output)) resolve();
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('close', () =>
      reject(new Error(`the process ended without printing ${pattern}: ${output.slice(-2000)}`)),
    );
  });
}

/** `[version, outcome]` of each migration an `infer migrate --json` run reported. */
export function outcomesOf(exit: Exit): [string, string][] {
  const results = (JSON.parse(exit.stdout) as { results: { version: string; outcome: string }[] }).results;
  return results.map((r) => [r.version, r.outcome]);
}

/** Application migrations 0004..: each creates t_NNNN, puts one row in it and indexes it. */
export function migrationsDirectory(type: string, count: number): { dir: string; versions: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'infer-faults-migrations-'));
  mkdirSync(join(dir, type));
  const versions = Array.from({ length: count }, (_, i) => String(i + 4).padStart(4, '0'));
  for (const v of versions) {
    const up =
      `CREATE TABLE t_${v} (id INTEGER PRIMARY KEY, v TEXT NOT NULL);\nINSERT INTO t_${v} (id, v) VALUES (1, ` +
      `'${v}');\nCREATE INDEX t_${v}_v ON t_${v} (v);\n`;
    writeFileSync(join(dir, type, `${v}_t${v}.up.sql`), up);
    writeFileSync(join(dir, type, `${v}_t${v}.down.sql`), `DROP TABLE t_${v};\n`);
  }
  return { dir, versions };
}
