// The memory floor: a Map, deep copies in and out with structuredClone (as MemoryBackend copies:
// a caller can never alias what is stored), listing newest first.

const summary = ({ optimized_messages: _, ...rest }) => rest;
const newestFirst = (a, b) =>
  Date.parse(b.metadata.updated_at) - Date.parse(a.metadata.updated_at) || a.metadata.id.localeCompare(b.metadata.id);

export async function openStore() {
  const conversations = new Map();
  return {
    save: async (conversation) => void conversations.set(conversation.metadata.id, structuredClone(conversation)),
    load: async (id) => structuredClone(conversations.get(id)),
    list: async () =>
      [...conversations.values()]
        .sort(newestFirst)
        .slice(0, 50)
        .map((c) => summary(structuredClone(c.metadata))),
    close: async () => conversations.clear(),
  };
}
