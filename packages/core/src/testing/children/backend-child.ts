// One of many processes migrating one database at once, through a backend's plugin hook as the
// CLI finds it. argv[2]: the hook file; argv[3]: the `storage.<type>` section as JSON; argv[4]:
// "migrate" (what `infer migrate` does) or "open" (an application opening the backend). Prints the
// run's [version, outcome] pairs as JSON; on failure, the error and exit code 1.
import type { MigratingBackendDescriptor } from '../../contract/descriptor.js';
import type { MigrationEvent } from '../../migrations/events.js';
import type { MigrationResult } from '../../migrations/migration.js';
import { Migrator } from '../../migrations/migrator.js';
import { configFor } from '../section-config.js';
import { registeredBy } from './registered-by.js';

const [hookFile, section, how] = process.argv.slice(2) as [string, string, 'migrate' | 'open'];
const [descriptor] = await registeredBy<MigratingBackendDescriptor<unknown>>(hookFile);
try {
  const config = await configFor(descriptor!, JSON.parse(section));
  let results: readonly MigrationResult[] = [];
  if (how === 'migrate') {
    const driver = await descriptor!.openMigrationDriver(config);
    try {
      results = await new Migrator({ driver, migrations: descriptor!.migrations }).up();
    } finally {
      await driver.close();
    }
  } else {
    const onMigrationEvent = (event: MigrationEvent) => {
      if (event.type === 'run:end') results = event.results;
    };
    await (await descriptor!.open(config, { onMigrationEvent })).close();
  }
  console.log(JSON.stringify(results.map((r) => [r.version, r.outcome])));
} catch (error) {
  const { code, name, message } = error as { code?: string; name: string; message: string };
  console.error(`${code ?? name}: ${message}`);
  process.exitCode = 1;
}
