/**
 * How hard the campaign pushes: `full` for `pnpm test:faults`, `ci` (the default) for the reduced
 * run that `pnpm test` and CI make. Each test picks its repetitions from it.
 */
export const SCALE: 'ci' | 'full' = process.env.INFER_FAULTS_SCALE === 'full' ? 'full' : 'ci';

/** `full` repetitions in the full campaign, `ci` in the reduced one. */
export function repetitions(counts: { readonly full: number; readonly ci: number }): number {
  return counts[SCALE];
}
