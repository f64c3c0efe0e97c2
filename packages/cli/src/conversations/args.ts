import * as Args from '@oclif/core/args';
import { ExitCode } from '../exit-codes.js';
import { LIMITS } from './limits.js';

/** The `<id>` argument of show, export and delete. */
export const conversationIdArgs = {
  id: Args.string({ description: 'the conversation id (see "infer conversations list")', required: true }),
};

/** How the help of show and export ends: the exit codes of a conversation missing or beyond the limits. */
export const ONE_CONVERSATION_EXITS =
  `Exit ${ExitCode.NotFound} when there is no conversation with that id, ${ExitCode.DocumentLimit} when it is ` +
  `beyond the documented limits (nested deeper than ${LIMITS.levels} levels, or over ${LIMITS.mebibytes} MiB).`;
