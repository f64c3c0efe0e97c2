import type { BackendDescriptor } from '../contract/descriptor.js';

/** The backend's config for a `storage.<type>` section, validated by its schema as the CLI does. */
export async function configFor<Config>(descriptor: BackendDescriptor<Config>, section: object): Promise<Config> {
  const result = await descriptor.configSchema['~standard'].validate(section);
  if (result.issues) {
    throw new Error(`the suite's section is invalid: ${result.issues.map((i) => i.message).join('; ')}`);
  }
  return result.value;
}
