import { join } from 'node:path';
import { SqliteBackend } from '@infer/backend-sqlite';
import { benchConversation } from '../lib/conversation.js';
import { inferArgv, writeConfig } from '../setup/cli.js';

/** Conversations listed on both sides; side A also holds the large one. */
const SMALL = 20;
/** The large conversation: its entries and its optimized messages, about 100 MB of JSON together. */
const LARGE_ENTRIES_MB = 60;
const LARGE_OPTIMIZED_MB = 40;
/** The bound the issue sets on the listing's peak RSS beside it. */
const MAX_PEAK_RSS_MIB = 80;

/** A conversation whose one entry and one optimized message carry `entriesMb` and `optimizedMb` MB of text. */
function largeConversation(entriesMb, optimizedMb) {
  const base = benchConversation('large', 1);
  const text = (mb) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil((mb * 1e6) / 27));
  const [entry] = base.entries;
  return {
    metadata: {
      ...base.metadata,
      updated_at: '2026-06-01T00:00:00Z',
      optimized_messages: [{ ...entry, message: { ...entry.message, content: text(optimizedMb) } }],
    },
    entries: [{ ...entry, message: { ...entry.message, content: text(entriesMb) } }],
  };
}

/** A SQLite file (migrated by the backend, outside every timing) holding `conversations`. */
async function seeded(path, conversations) {
  const backend = await SqliteBackend.open({ config: { path } });
  for (const conversation of conversations) await backend.save(conversation);
  await backend.close();
}

/**
 * `infer conversations list` beside a conversation of about 100 MB (side A) against the same listing
 * without it (side B): a listing reads only the columns a summary needs, so the large conversation
 * costs it neither time nor memory. Peak RSS of A is bounded absolutely as well.
 */
export async function listLargeMeasure(ws) {
  const small = Array.from({ length: SMALL }, (_, i) => benchConversation(`small-${String(i).padStart(2, '0')}`, 5));
  const side = async (name, conversations) => {
    const path = join(ws.root, `${name}.db`);
    await seeded(path, conversations);
    const config = writeConfig(join(ws.root, `${name}.yaml`), 'sqlite', { path });
    return {
      label: `infer conversations list, ${conversations.length} conversations`,
      command: () => ({
        argv: [...inferArgv(ws), 'conversations', 'list', '--limit', '50', '--config', config],
        cwd: ws.root,
        env: ws.env,
      }),
      verify(run) {
        const rows = run.stdout.trimEnd().split('\n').length - 1;
        return rows === conversations.length
          ? undefined
          : `listed ${rows} conversations, expected ${conversations.length}`;
      },
    };
  };
  return {
    id: 'list-large',
    title:
      `\`infer conversations list\` of ${SMALL + 1} SQLite conversations, one of them about ` +
      `${LARGE_ENTRIES_MB + LARGE_OPTIMIZED_MB} MB (entries and optimized messages)`,
    floorTitle: `the same listing of the ${SMALL} others alone`,
    // Not free in time: every summary column of SQLite's row (updated_at, metadata...) comes after
    // its entries, so SQLite walks their overflow pages to reach them; the bound that matters is memory.
    target: 3,
    maxPeakRssMiB: MAX_PEAK_RSS_MIB,
    a: await side('list-large', [...small, largeConversation(LARGE_ENTRIES_MB, LARGE_OPTIMIZED_MB)]),
    b: await side('list-small', small),
  };
}
