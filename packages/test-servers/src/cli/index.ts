export { backendHookSource, linkContractPlugin, linkHookPlugin } from './plugins.js';
export {
  BIN,
  CLI_DIR,
  expectOneLineError,
  infer,
  inferQuietly,
  listing,
  sandbox,
  snapshot,
  writeConfig,
} from './sandbox.js';
export type { RunOptions, RunResult, Sandbox } from './sandbox.js';
