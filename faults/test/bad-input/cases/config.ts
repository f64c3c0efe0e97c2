import { EXIT, type Case, config } from '../harness.js';
import { linkContractPlugin } from '@infer/test-servers/cli';

export const cases: readonly Case[] = [
  // Configuration files and the environment: exit 3.
  {
    name: 'YAML that does not parse',
    args: ['migrate'],
    exit: EXIT.config,
    error: /cannot parse .*config\.yaml/,
    setup: config('storage:\n  type: [sqlite\n'),
  },
  {
    name: 'YAML that is a list',
    args: ['migrate'],
    exit: EXIT.config,
    error: /must hold a YAML mapping/,
    setup: config('- storage\n- sqlite\n'),
  },
  {
    name: 'an unknown storage.type',
    args: ['migrate'],
    exit: EXIT.config,
    error: /storage type "mysql" is not installed/,
    setup: config('storage:\n  type: mysql\n'),
  },
  {
    name: 'an unknown key',
    args: ['migrate'],
    exit: EXIT.config,
    error: /storage\.sqlte: unknown key/,
    setup: config('storage:\n  sqlte: {}\n'),
  },
  {
    name: 'an unknown key in a backend section',
    args: ['migrate', '--status'],
    exit: EXIT.config,
    error: /storage\.sqlite\.paht/,
    setup: config('storage:\n  sqlite:\n    paht: x.db\n'),
  },
  {
    name: 'a value of the wrong type',
    args: ['migrate'],
    exit: EXIT.config,
    error: /storage\.sqlite\.path: Invalid type/,
    setup: config('storage:\n  sqlite:\n    path: 5\n'),
  },
  {
    name: 'a port that is not a number',
    args: ['migrate'],
    exit: EXIT.config,
    error: /storage\.postgres\.port: /,
    setup: config('storage:\n  type: postgres\n  postgres:\n    port: five\n'),
  },
  {
    name: 'an environment variable matching no setting',
    args: ['migrate'],
    exit: EXIT.config,
    error: /INFER_STORAGE_BOGUS matches no storage setting/,
    setup: () => ({ env: { INFER_STORAGE_BOGUS: '1' } }),
  },
  {
    name: 'an environment variable of the wrong type',
    args: ['migrate'],
    exit: EXIT.config,
    error: /storage\.enabled: .*INFER_STORAGE_ENABLED/,
    setup: () => ({ env: { INFER_STORAGE_ENABLED: 'maybe' } }),
  },
  {
    name: '--config naming a missing file',
    args: ['migrate', '--config', 'nope.yaml'],
    exit: EXIT.config,
    error: /config file .*nope\.yaml does not exist/,
  },
  {
    name: 'storage copy --to a missing file',
    args: ['storage', 'copy', '--to', 'missing.yaml'],
    exit: EXIT.config,
    error: /config file .*missing\.yaml does not exist/,
  },
  {
    name: 'migrate create without migrations_dir',
    args: ['migrate', 'create', 'add_tags'],
    exit: EXIT.config,
    error: /storage\.migrations_dir is not set/,
  },
  {
    name: 'a plugin built for an incompatible backend contract',
    args: ['migrate', '--status'],
    exit: EXIT.config,
    error: /storage type "future" \(acme-backend-future\) needs backend contract \^2\.0\.0; this infer has/,
    setup: ({ sb }) => {
      linkContractPlugin(sb, 'acme-backend-future', 'future', '^2.0.0');
      return { env: { INFER_STORAGE_TYPE: 'future' } };
    },
  },
];
