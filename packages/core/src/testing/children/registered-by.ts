import { pathToFileURL } from 'node:url';

type PluginHook = (options: {
  container: { register(token: unknown, provider: { useValue: unknown }): void };
}) => Promise<unknown> | unknown;

/** Runs a backend's plugin hook as the CLI does at start-up, and returns what it registered. */
export async function registeredBy<Descriptor>(hookFile: string): Promise<Descriptor[]> {
  const { default: hook } = (await import(pathToFileURL(hookFile).href)) as { default: PluginHook };
  const registered: Descriptor[] = [];
  await hook({ container: { register: (_token, provider) => registered.push(provider.useValue as Descriptor) } });
  return registered;
}
