import { type Dirent, type Stats, constants } from 'node:fs';
import { fsPromises } from '../files/lazy-fs.js';
import { relative, sep } from 'node:path';
import { printable } from '../text/printable.js';

/** An entry of a migrations directory that was not read, and why: a warning of every migrate command. */
export interface SkippedEntry {
  readonly path: string;
  /** `file-name`: not named like a migration, or hidden; `file-type`: named like one but not a regular file. */
  readonly rule: 'file-name' | 'file-type';
  /** One line: the path (its control characters escaped), what the entry is, that it is skipped, and what to do. */
  readonly message: string;
}

/** `reason` completes "<path> …". */
export function skippedEntry(path: string, rule: SkippedEntry['rule'], reason: string): SkippedEntry {
  return { path, rule, message: `${printable(path)} ${reason}` };
}

/**
 * Opening a FIFO for reading waits for a writer; with O_NONBLOCK it returns at once, and a regular
 * file reads the same either way. O_NOCTTY: a terminal device never becomes the controlling one.
 */
const READ_WITHOUT_WAITING = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * The text of a directory entry named like a migration when it is a regular file (or a symbolic
 * link to one inside `directory`), else why it is skipped. Neither a FIFO, a socket nor a device is
 * ever opened, and what is opened is checked again on the open descriptor, so an entry swapped for
 * a FIFO after the check cannot make the read wait. A link out of the directory is not followed: a
 * cloned repository could otherwise send `~/.pgpass` as SQL to a server of its choosing.
 */
export async function readRegularFile(path: string, entry: Dirent, directory: string): Promise<string | SkippedEntry> {
  // A symbolic link (or a file system that does not say what an entry is): look at its target first.
  const known =
    entry.isFile() ||
    entry.isDirectory() ||
    entry.isFIFO() ||
    entry.isSocket() ||
    entry.isBlockDevice() ||
    entry.isCharacterDevice();
  let kind = known ? kindOf(entry) : undefined;
  if (!known) {
    try {
      kind = kindOf(await fsPromises().stat(path));
    } catch (error) {
      if (!isMissing(error)) throw error;
      return notRegular(
        path,
        'is a symbolic link to nothing (its target does not exist)',
        'point it at a migration file or remove it',
      );
    }
  }
  if (kind !== 'file')
    return notRegular(path, `is ${kind}, not a regular file`, 'replace it with a regular file or remove it');
  if (entry.isSymbolicLink() && !(await inside(path, directory))) {
    return notRegular(
      path,
      'is a symbolic link to a file outside the migrations directory',
      'copy that migration into the directory instead of linking to it',
    );
  }
  const handle = await fsPromises().open(path, READ_WITHOUT_WAITING);
  try {
    const opened = kindOf(await handle.stat());
    if (opened !== 'file')
      return notRegular(path, `is ${opened}, not a regular file`, 'replace it with a regular file or remove it');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** `file`, or what an entry is instead, as it reads after "is". */
function kindOf(entry: Dirent | Stats): string {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'a directory';
  if (entry.isFIFO()) return 'a FIFO (named pipe)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice()) return 'a block device';
  if (entry.isCharacterDevice()) return 'a character device';
  return 'neither a file nor a directory';
}

function notRegular(path: string, what: string, fix: string): SkippedEntry {
  return skippedEntry(path, 'file-type', `is named like a migration but ${what}, so it is skipped; ${fix}`);
}

/** True when `path`, its links resolved, is in `directory` (its links resolved too). */
async function inside(path: string, directory: string): Promise<boolean> {
  const [target, root] = await Promise.all([fsPromises().realpath(path), fsPromises().realpath(directory)]);
  const rest = relative(root, target);
  return rest !== '' && !rest.startsWith(`..${sep}`) && rest !== '..' && !rest.startsWith(sep);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR';
}
