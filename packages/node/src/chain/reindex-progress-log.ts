import type { Logger } from '@ocean-ts/service-kit';
import type { ReindexProgress } from './chain-types.js';

/**
 * debug.log lines for a reindex (`-reindex`, `-reindex-chainstate`, or one resumed after a kill):
 * a start line, one progress line per percent of the best chain (and for its last block), and
 * Core's `Reindexing finished` when the chain state is rebuilt. Silent when nothing was reindexed.
 */
export class ReindexProgressLog {
  #target = -1;
  #nextLogged = 0;

  constructor(
    private readonly logger: Pick<Logger, 'info'>,
    /** The option that asked for a reindex (`-reindex`, `-reindex-chainstate`), if any. */
    private readonly requestedBy: string | undefined,
  ) {}

  /** Pass as `ChainstateOptions.reindexProgress`. */
  readonly report = (p: ReindexProgress): void => {
    if (this.#target < 0) {
      const why = this.requestedBy ?? 'resuming an interrupted reindex';
      this.logger.info(`Reindexing (${why}): rebuilding the chain state from the stored blocks, best chain height ${p.targetHeight}`);
    }
    this.#target = p.targetHeight;
    if (p.height < this.#nextLogged && p.height !== p.targetHeight) return;
    const step = Math.max(1, Math.floor(p.targetHeight / 100));
    this.#nextLogged = p.height + step;
    const progress = p.targetHeight > 0 ? p.height / p.targetHeight : 1;
    this.logger.info(`Reindexing: connected height=${p.height} of ${p.targetHeight} progress=${progress.toFixed(6)}`);
  };

  /** Call once the chain state is open. */
  finish(): void {
    if (this.#target >= 0 || this.requestedBy !== undefined) this.logger.info('Reindexing finished');
  }
}
