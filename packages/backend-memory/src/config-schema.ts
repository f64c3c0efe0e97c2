import { sectionMessage } from '@infer/core/kit';
import * as v from 'valibot';

/** `storage.memory`: nothing to configure; any key is a mistake worth reporting. */
export const memoryConfigSchema = v.strictObject({}, sectionMessage);

export type MemoryConfig = v.InferOutput<typeof memoryConfigSchema>;
