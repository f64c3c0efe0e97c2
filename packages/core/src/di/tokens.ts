/**
 * Injection tokens. `Symbol.for` keys are the same in every copy of `@infer/core`, so a plugin
 * that brings its own copy registers into the CLI's container under the token the CLI resolves.
 */
export const TOKENS = Object.freeze({
  /** Every installed {@link BackendDescriptor}; many registrations, resolved with `resolveAll`. */
  BackendDescriptor: Symbol.for('@infer/core:BackendDescriptor'),
});
