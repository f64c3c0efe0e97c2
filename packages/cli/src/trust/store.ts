import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigurationError, messageOf } from '@infer/core';

/** One approved configuration file: its real path and the sha256 of the content approved. */
export interface Approval {
  readonly path: string;
  readonly sha256: string;
  readonly approvedAt: string;
}

/** `approved`: this content was approved; `changed`: another content of the file was; `unknown`: never. */
export type ApprovalState = 'approved' | 'changed' | 'unknown';

interface StoreFile {
  readonly version: 1;
  readonly approvals: readonly Approval[];
}

/**
 * The configuration files the user approved with `infer config trust`, kept in
 * `$XDG_CONFIG_HOME/infer/trusted-configs.json` (default `~/.config/infer/`): the directory 0700,
 * the file 0600, replaced whole (write then rename) so a crash never leaves half a list.
 */
export class TrustStore {
  readonly file: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const base =
      env.XDG_CONFIG_HOME !== undefined && isAbsolute(env.XDG_CONFIG_HOME)
        ? env.XDG_CONFIG_HOME
        : join(env.HOME ?? homedir(), '.config');
    this.file = join(base, 'infer', 'trusted-configs.json');
  }

  list(): readonly Approval[] {
    if (!existsSync(this.file)) return [];
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw this.#damaged(messageOf(error));
    }
    const approvals = (document as Partial<StoreFile> | null)?.approvals;
    if (!Array.isArray(approvals) || !approvals.every(isApproval)) throw this.#damaged('not a list of approvals');
    return approvals;
  }

  /** Approves the current content of `file`; returns the approval recorded. */
  approve(file: string): Approval {
    const approval: Approval = {
      path: realPath(file),
      sha256: contentHash(file),
      approvedAt: new Date().toISOString(),
    };
    this.#write([...this.list().filter((a) => a.path !== approval.path), approval]);
    return approval;
  }

  /** Forgets the approval of `file` (which may no longer exist); false when there was none. */
  revoke(file: string): boolean {
    const path = existsSync(file) ? realPath(file) : resolve(file);
    const kept = this.list().filter((a) => a.path !== path);
    if (kept.length === this.list().length) return false;
    this.#write(kept);
    return true;
  }

  stateOf(file: string): ApprovalState {
    const approval = this.list().find((a) => a.path === realPath(file));
    if (approval === undefined) return 'unknown';
    return approval.sha256 === contentHash(file) ? 'approved' : 'changed';
  }

  #write(approvals: readonly Approval[]): void {
    const dir = join(this.file, '..');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const temporary = `${this.file}.${process.pid}.tmp`;
    const document: StoreFile = { version: 1, approvals };
    writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  #damaged(problem: string): ConfigurationError {
    return new ConfigurationError(`the list of approved configuration files ${this.file} is damaged (${problem})`, {
      hint: `remove it and approve your files again with "infer config trust <file>"`,
    });
  }
}

/** The sha256 of a file's bytes, hex. */
export function contentHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function realPath(file: string): string {
  return realpathSync(resolve(file));
}

function isApproval(value: unknown): value is Approval {
  const { path, sha256, approvedAt } = (value ?? {}) as Record<string, unknown>;
  return typeof path === 'string' && typeof sha256 === 'string' && typeof approvedAt === 'string';
}
