import { createRequire } from 'node:module';
import type { MigrationProgress } from '@infer/core';
import type { SingleBar } from 'cli-progress';
import { visible } from '../output/visible.js';

/**
 * Renders progress on stderr, so stdout (text report or --json) never mixes with it: data migrations
 * (labelled by version, counting rows) and `infer storage copy` (counting conversations).
 */
export interface ProgressRenderer {
  update(progress: MigrationProgress): void;
  /** Ends the current bar, if any (a migration ended). */
  stop(): void;
}

/** Plain lines at most every this often (and the last one), so a log stays readable. */
const LINE_INTERVAL_MS = 2000;

/** A bar (cli-progress) on a terminal, plain lines otherwise; `unit` names what `done` counts. */
export function progressRenderer(stream: NodeJS.WriteStream = process.stderr, unit = 'rows'): ProgressRenderer {
  return stream.isTTY ? barRenderer(stream, unit) : lineRenderer(stream, unit);
}

function barRenderer(stream: NodeJS.WriteStream, unit: string): ProgressRenderer {
  let bar: SingleBar | undefined;
  let version: string | undefined;
  return {
    update(progress) {
      if (bar === undefined || version !== progress.version) {
        bar?.stop();
        // Loaded on the first progress event only: most runs have no data migration.
        const { SingleBar: Bar, Presets } = createRequire(import.meta.url)(
          'cli-progress',
        ) as typeof import('cli-progress');
        bar = new Bar(
          {
            stream,
            format:
              `  ${visible(progress.version)} [{bar}] {percentage}% | {value}/{total} ${unit} | ` +
              '{rate}/s | ETA {eta_formatted}',
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(progress.total ?? progress.done, progress.done, { rate: 0 });
        version = progress.version;
      }
      if (progress.total !== undefined) bar.setTotal(progress.total);
      bar.update(progress.done, { rate: Math.round(progress.ratePerSecond) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function lineRenderer(stream: NodeJS.WriteStream, unit: string): ProgressRenderer {
  let last = -Infinity;
  return {
    update(progress) {
      const now = performance.now();
      const finished = progress.total !== undefined && progress.done >= progress.total;
      if (!finished && now - last < LINE_INTERVAL_MS) return;
      last = now;
      stream.write(`  ${visible(progress.version)}: ${progressText(progress, unit)}\n`);
    },
    stop() {
      last = -Infinity;
    },
  };
}

/** `60000/100000 rows (60%), 41000 rows/s, about 1 s left` */
export function progressText(progress: MigrationProgress, unit = 'rows'): string {
  const { done, total, ratePerSecond, etaMs } = progress;
  const of =
    total === undefined
      ? `${done} ${unit}`
      : `${done}/${total} ${unit} (${total === 0 ? 100 : Math.floor((done / total) * 100)}%)`;
  const eta =
    etaMs === undefined || (total !== undefined && done >= total) ? '' : `, about ${Math.ceil(etaMs / 1000)} s left`;
  return `${of}, ${Math.round(ratePerSecond)} ${unit}/s${eta}`;
}
