import { type ChildProcess, spawn } from 'node:child_process';

/** How a child process ended: its exit code or the signal that ended it, and everything it printed. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NodeChildOptions {
  /** The child's whole environment; this process's when not given. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/**
 * `node <args>` in a child process of the Node running the tests, and its end: the exit code or
 * signal, and its whole stdout and stderr.
 */
export function startNode(
  args: readonly string[],
  options: NodeChildOptions = {},
): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, args, { env: options.env ?? process.env, cwd: options.cwd });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exit };
}
