/**
 * What the application does with its conversations. It knows no backend: it opens the configured
 * type from the registry it is given, after that backend's own schema checked the section.
 */
export class RecentConversations {
  #registry;
  #settings;

  /** `settings`: `{ type: 'sqlite', section: { path: './conversations.db' } }`. */
  constructor(registry, settings) {
    this.#registry = registry;
    this.#settings = settings;
  }

  /** The `limit` most recently updated conversations, one `id title` line each. */
  async lines(limit) {
    const descriptor = this.#registry.get(this.#settings.type);
    const checked = await descriptor.configSchema['~standard'].validate(this.#settings.section);
    if (checked.issues) throw new Error(`storage.${descriptor.type}: ${checked.issues[0].message}`);
    const storage = await descriptor.open(checked.value);
    try {
      return (await storage.list({ limit })).map((summary) => `${summary.id} ${summary.title}`);
    } finally {
      await storage.close();
    }
  }
}
