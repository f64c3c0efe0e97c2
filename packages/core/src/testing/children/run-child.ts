import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the suite's child scripts (`children/<name>.js`, beside this bundle) in a Node
 * process of its own. Process warnings are off: a backend that warns while it waits for a lock is
 * not failing.
 */
export function runChild(name: 'hook-child' | 'backend-child', args: readonly string[]): Promise<ChildRun> {
  const script = fileURLToPath(new URL(`./children/${name}.js`, import.meta.url));
  const child = spawn(process.execPath, ['--no-warnings', script, ...args]);
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The plugin hook file a backend package's manifest names for its storage type. */
export function hookFileOf(packageJson: URL, type: string): string | undefined {
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { oclif?: { hooks?: Record<string, unknown> } };
  const hook = manifest.oclif?.hooks?.[`infer:backend:${type}`];
  return typeof hook === 'string' ? fileURLToPath(new URL(hook, packageJson)) : undefined;
}

/**
 * One process of its own migrating the database of `section` through the backend whose built
 * package `packageJson` describes, found by its plugin hook as the CLI finds it: `migrate` runs
 * the engine on its migration driver (what `infer migrate` does), `open` opens the backend (what an
 * application does). Its stdout is the run's `[version, outcome]` pairs as JSON.
 */
export function migrateInChild(packageJson: URL, type: string, section: object, how: 'migrate' | 'open') {
  const hookFile = hookFileOf(packageJson, type);
  if (hookFile === undefined) throw new Error(`${fileURLToPath(packageJson)} names no hook "infer:backend:${type}"`);
  return runChild('backend-child', [hookFile, JSON.stringify(section), how]);
}
