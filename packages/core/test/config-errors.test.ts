import { describe, expect, it } from 'vitest';
import { configError, configRegistry as registry, registryOf, tempTree } from './helpers.js';

describe('configuration errors name the key path and the fix', () => {
  const inFile = async (yaml: string) => {
    const cwd = tempTree({ '.infer/config.yaml': yaml });
    return { error: await configError({ cwd, homeDir: cwd, env: {}, registry }), file: `${cwd}/.infer/config.yaml` };
  };

  it('YAML that does not parse: file, line and column', async () => {
    const { error, file } = await inFile('storage:\n  type: [sqlite\n');
    expect(error.message).toMatch(new RegExp(`^cannot parse ${file} at line \\d+, column \\d+: .+`));
    expect(error.message).not.toContain('\n');
  });

  it('duplicate keys are a parse error, not a silent override', async () => {
    const { error } = await inFile('storage:\n  type: memory\n  type: sqlite\n');
    expect(error.message).toMatch(/^cannot parse .* at line 3, column 3: duplicated mapping key$/);
  });

  it('a file that is not a mapping', async () => {
    const { error } = await inFile('- storage\n');
    expect(error.message).toMatch(/must hold a YAML mapping/);
  });

  it('an unknown key under storage, with the known ones', async () => {
    const { error, file } = await inFile('storage:\n  sqlte:\n    path: /x\n');
    expect(error.message).toBe(
      `storage.sqlte: unknown key (known: enabled, type, migrations_dir, memory, postgres, sqlite) (in ${file})`,
    );
    expect(error.path).toBe('storage.sqlte');
  });

  it('an unknown key inside a backend section', async () => {
    const { error } = await inFile('storage:\n  sqlite:\n    pth: /x\n');
    expect(error.message).toMatch(/^storage\.sqlite\.pth: unknown key/);
  });

  it('a wrong value type, with its full key path', async () => {
    const { error } = await inFile('storage:\n  sqlite:\n    path: 5\n');
    expect(error.message).toMatch(/^storage\.sqlite\.path: Invalid type: Expected string but received 5 \(in /);
  });

  it('a bad value in the section of a backend that is not selected', async () => {
    const { error } = await inFile('storage:\n  type: sqlite\n  postgres:\n    ssl_mode: sometimes\n');
    expect(error.message).toMatch(/^storage\.postgres\.ssl_mode: /);
  });

  it('an unknown type, with the installed ones and how to add one', async () => {
    const { error } = await inFile('storage:\n  type: mongodb\n');
    expect(error.message).toBe('storage type "mongodb" is not installed (installed: memory, postgres, sqlite)');
    expect(error.hint).toContain('infer plugins install');
  });

  it('a --config file that does not exist', async () => {
    const error = await configError({
      cwd: tempTree(),
      env: {},
      configPath: 'nope.yaml',
      registry: registryOf('sqlite'),
    });
    expect(error.message).toMatch(/^--config: config file .*nope\.yaml does not exist$/);
  });

  it('a config file that is a directory, named by the flag that gave it', async () => {
    const cwd = tempTree({ 'conf/x': '' });
    const error = await configError({
      cwd,
      env: {},
      configPath: 'conf',
      configFlag: '--to',
      registry: registryOf('sqlite'),
    });
    expect(error.message).toMatch(/^--to: config file .*conf is a directory, not a file$/);
    expect(error.hint).toContain('pass the path of an existing YAML file to --to');
  });
});
