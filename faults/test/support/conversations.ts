import type { Conversation, ConversationEntry, JsonValue } from '@infer/core';
import fc from 'fast-check';

/**
 * Text of any code point, astral ones and U+0000 included, never a lone surrogate; in ids U+0000
 * only when `nulInIds`. Offsets up to ±23:59, all that RFC 3339 allows.
 */
function arbitraries({ nulInIds }: { nulInIds: boolean }) {
  /** Now and then text made of what PostgreSQL's escaping of U+0000 works with (backend-postgres/src/nul.ts). */
  const pieces = fc
    .array(fc.constantFrom('\0', '%', '%00', '%25', '%infer', 'a'), { maxLength: 6 })
    .map((parts) => parts.join(''));
  const text = (maxLength = 40) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength }) },
      { weight: 1, arbitrary: pieces.map((s) => s.slice(0, maxLength)) },
    );
  const maxOffset = 23 * 60 + 59;

  /** Now and then a huge string (up to 2 MB of text), often an empty one. */
  const contents = fc.oneof(
    { weight: 20, arbitrary: text(200) },
    { weight: 3, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(text(4), fc.integer({ min: 100_000, max: 500_000 }))
        .map(([unit, n]) => (unit || 'x').repeat(n)),
    },
  );

  /** Every number JSON can carry: -0 cannot be (JSON writes 0), NaN and the infinities neither. */
  const number = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.constantFrom(
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      2 ** 53 + 2,
      1e21,
      0,
    ),
    fc.integer(),
  );

  /** JSON values with keys of any text, nested. */
  const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      number,
      text(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(text(12), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    ),
  })).value;

  /** Fields this code does not model: names no modelled field has. */
  const unknownFields = fc.dictionary(
    text(12).map((key) => `x_${key}`),
    json,
    { maxKeys: 3, noNullPrototype: true },
  );

  const pad = (n: number, width = 2) => String(n).padStart(width, '0');

  /** RFC 3339: `Z` or an offset, with or without up to nine fractional digits. */
  const timestamp = fc
    .record({
      instant: fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) }),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
      offset: fc.option(fc.integer({ min: -maxOffset, max: maxOffset }), { nil: undefined }),
    })
    .map(({ instant, fraction, offset }) => {
      const local = new Date(instant + (offset ?? 0) * 60_000).toISOString().slice(0, 19);
      const zone =
        offset === undefined
          ? 'Z'
          : `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      return `${local}${fraction === undefined ? '' : `.${fraction}`}${zone}`;
    });

  /** Optional modelled fields: present with a value, or absent (never `undefined`). */
  const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) => fc.record(model, { requiredKeys: [] });

  const entry: fc.Arbitrary<ConversationEntry> = fc
    .tuple(
      fc.record({
        role: fc.constantFrom('system', 'user', 'assistant', 'tool' as const),
        content: fc.oneof(contents, fc.array(json, { maxLength: 3 })),
      }),
      partial({ tool_calls: fc.array(json, { maxLength: 2 }), tool_call_id: text(), reasoning: contents }),
      unknownFields,
      partial({
        model: text(),
        time: timestamp,
        hidden: fc.boolean(),
        images: fc.array(json, { maxLength: 2 }),
        tool_execution: json,
        pending_tool_call: json,
        tool_approval_status: text(),
      }),
      unknownFields,
    )
    .map(([message, optional, messageExtra, fields, extra]) => ({
      ...extra,
      ...fields,
      message: { ...messageExtra, ...message, ...optional },
    }));

  const costStats = fc
    .tuple(
      partial({
        TotalCost: number,
        TotalInputCost: number,
        TotalOutputCost: number,
        PerModelStats: fc.dictionary(text(20), json, { maxKeys: 3, noNullPrototype: true }),
        Currency: text(5),
      }),
      unknownFields,
    )
    .map(([known, extra]) => ({ ...extra, ...known }));

  const tokenStats = fc
    .tuple(
      partial({
        total_input_tokens: number,
        total_output_tokens: number,
        total_tokens: number,
        request_count: number,
        last_input_tokens: number,
      }),
      unknownFields,
    )
    .map(([known, extra]) => ({ ...extra, ...known }));

  /** A conversation in the shape of `domain/conversation.ts`, every optional field sometimes there. */
  const conversation: fc.Arbitrary<Conversation> = fc
    .tuple(
      fc.record({
        id: text(60)
          .map((id) => (nulInIds ? id : id.replaceAll('\0', '')))
          .filter((id) => id.length > 0),
        title: contents,
        created_at: timestamp,
        updated_at: timestamp,
      }),
      partial({
        message_count: number,
        token_stats: tokenStats,
        cost_stats: costStats,
        model: text(),
        tags: fc.array(text(), { maxLength: 4 }),
        summary: contents,
        optimized_messages: fc.array(entry, { maxLength: 2 }),
        title_generated: fc.boolean(),
        title_invalidated: fc.boolean(),
        title_generation_time: timestamp,
        context_id: text(),
      }),
      unknownFields,
      fc.array(entry, { maxLength: 5 }),
    )
    .map(([required, optional, extra, entries]) => ({ metadata: { ...extra, ...required, ...optional }, entries }));
  return conversation;
}

/**
 * Conversations of every kind; `postgres`: without U+0000 in ids, which PostgreSQL refuses to save
 * (E_UNSUPPORTED_VALUE: no stored form of such a key could differ from every ordinary one).
 */
export const conversations = { any: arbitraries({ nulInIds: true }), postgres: arbitraries({ nulInIds: false }) };
