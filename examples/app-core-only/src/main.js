// An application that keeps its conversations with @infer/core and one backend, @infer/backend-sqlite.
// No CLI: opening the backend applies its migrations. Usage: node src/main.js <database file>
import 'reflect-metadata';
import { SqliteBackend } from '@infer/backend-sqlite';
import { container } from 'tsyringe';
import { compose } from './composition-root.js';
import { RecentConversations } from './recent-conversations.js';

const path = process.argv[2] ?? './conversations.db';

function conversation(id, title, minutesAgo) {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  return {
    metadata: { id, title, created_at: at, updated_at: at },
    entries: [
      { message: { role: 'user', content: `Tell me about ${title}` }, time: at },
      { message: { role: 'assistant', content: `${title} is a fine subject.` }, time: at, model: 'example-model' },
    ],
  };
}

// 1. Constructed by hand: no container at all.
const byHand = await SqliteBackend.open({ config: { path } });
await byHand.save(conversation('app-1', 'Tide pools', 5));
await byHand.save(conversation('app-2', 'Lighthouses', 1));
const status = await byHand.migrationStatus();
console.log(`by hand: ${status.filter((m) => m.state === 'applied').length} migrations applied`);
await byHand.close();

// 2. Through dependency injection: the composition root registers the backend and the services; the
//    rest of the application resolves them and never names a backend.
const app = compose(container, { type: 'sqlite', section: { path } });
for (const line of await app.resolve(RecentConversations).lines(10)) console.log(`with DI: ${line}`);
