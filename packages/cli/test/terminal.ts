import { spawnSync } from 'node:child_process';
import { BIN, type RunOptions, type Sandbox } from '@infer/test-servers/cli';

export interface TerminalOptions extends Pick<RunOptions, 'env'> {
  /** The width of the pseudo-terminal; without it the terminal reports none (0 columns). */
  readonly columns?: number;
  /** What the user types. */
  readonly input?: string;
}

export interface TerminalResult {
  readonly code: number | null;
  /** stdout and stderr as the terminal showed them, interleaved, with `\n` line ends. */
  readonly screen: string;
}

const quoted = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the real `infer` binary on a pseudo-terminal (script(1)), sized `columns` wide with stty,
 * with COLUMNS unset unless `env` sets it (set on the command itself: bash updates an exported
 * COLUMNS to the terminal's width after stty).
 */
export function inferOnTerminal(sb: Sandbox, args: readonly string[], options: TerminalOptions = {}): TerminalResult {
  const size = options.columns === undefined ? '' : `stty cols ${options.columns} rows 24 && `;
  const columns = options.env?.COLUMNS === undefined ? ['-u', 'COLUMNS'] : [`COLUMNS=${options.env.COLUMNS}`];
  const command = `${size}exec ${['env', ...columns, process.execPath, BIN, ...args].map(quoted).join(' ')}`;
  const child = spawnSync('script', ['-qec', command, '/dev/null'], {
    input: options.input ?? '',
    cwd: sb.cwd,
    env: { ...sb.env, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.error) throw child.error;
  return { code: child.status, screen: String(child.stdout).replaceAll('\r\n', '\n') };
}
