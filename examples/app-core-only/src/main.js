// An application that keeps its conversations with @infer/core and one backend, @infer/backend-sqlite.
// No CLI: opening the backend applies its migrations. Usage: node src/main.js <database file>
import 'reflect-metadata';
import { BackendRegistry, registerBackend } from '@infer/core';
import { SqliteBackend, sqliteBackend } from '@infer/backend-sqlite';
import { container } from 'tsyringe';

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

// 2. Through dependency injection: the composition root registers the backend; the rest of the
//    application asks the registry for the configured type.
registerBackend(container, sqliteBackend);
const storage = await BackendRegistry.fromContainer(container).get('sqlite').open({ path });
for (const summary of await storage.list({ limit: 10 })) console.log(`with DI: ${summary.id} ${summary.title}`);
await storage.close();
