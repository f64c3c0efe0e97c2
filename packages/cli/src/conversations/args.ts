import * as Args from '@oclif/core/args';

/** The `<id>` argument of show, export and delete. */
export const conversationIdArgs = {
  id: Args.string({ description: 'the conversation id (see "infer conversations list")', required: true }),
};
