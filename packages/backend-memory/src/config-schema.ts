import { sectionParser } from '@infer/core/kit';
import { section } from '@infer/core/kit/config';
import type * as v from 'valibot';

/** `storage.memory`: nothing to configure; any key is a mistake worth reporting. */
export const memoryConfigSchema = section({});

export type MemoryConfig = v.InferOutput<typeof memoryConfigSchema>;
/** `storage.memory` as a user writes it: an empty section. */
export type MemoryConfigInput = v.InferInput<typeof memoryConfigSchema>;

/** Validates settings given in code (the CLI validates the file through the descriptor). */
export const parseMemoryConfig = sectionParser('memory', memoryConfigSchema);
