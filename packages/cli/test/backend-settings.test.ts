import { memoryBackend } from '@infer/backend-memory';
import { postgresBackend } from '@infer/backend-postgres';
import { redisBackend } from '@infer/backend-redis';
import { sqliteBackend } from '@infer/backend-sqlite';
import { type BackendDescriptor, BackendRegistry } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { typeSections } from '../src/init/sections.js';

const validate = async (descriptor: BackendDescriptor, section: Record<string, unknown>) =>
  descriptor.configSchema['~standard'].validate(section);

describe.each([sqliteBackend, postgresBackend, redisBackend, memoryBackend] as BackendDescriptor[])(
  'the settings the $type backend lists (what "infer init" writes)',
  (descriptor) => {
    it('give the configuration its schema fills in by default, and cover every key it fills', async () => {
      const [section] = await typeSections(new BackendRegistry([descriptor]));
      const settings = section!.settings;
      expect(settings.map((s) => s.key)).toEqual(descriptor.settings!.map((s) => s.key));
      const written = Object.fromEntries(
        settings.flatMap((s) => (s.default === undefined ? [] : [[s.key, s.default]])),
      );
      const defaults = await validate(descriptor, {});
      expect(await validate(descriptor, written)).toEqual(defaults);
      const filled = Object.entries((defaults as { value: object }).value);
      expect(settings.map((s) => s.key)).toEqual(expect.arrayContaining(filled.map(([key]) => key)));
      const plain = filled.filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value));
      expect(Object.keys(written)).toEqual(expect.arrayContaining(plain.map(([key]) => key)));
    });
  },
);
