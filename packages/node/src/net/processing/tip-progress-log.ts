import type { Logger } from '@ocean-ts/service-kit';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';

/**
 * Core's `UpdateTip` debug.log line for every block that becomes the tip:
 * `UpdateTip: new best=<hash> height=<n> version=0x<8 hex> date='<UTC time>' progress=<f>`.
 * Core's progress (`GuessVerificationProgress`) needs chain transaction statistics Ocean's chain
 * parameters do not have (it would always print 1.000000); here it is the tip's height over
 * the best known header's height — what an operator watching initial block download wants.
 */
export class TipProgressLog {
  constructor(private readonly logger: Pick<Logger, 'info'> | undefined) {}

  report(tip: BlockIndexEntry, bestHeaderHeight: number): void {
    if (this.logger === undefined) return;
    const progress = bestHeaderHeight > 0 ? Math.min(1, tip.height / bestHeaderHeight) : 1;
    const date = new Date(tip.header.time * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const version = `0x${(tip.header.version >>> 0).toString(16).padStart(8, '0')}`;
    this.logger.info(`UpdateTip: new best=${tip.hashHex} height=${tip.height} version=${version} date='${date}' progress=${progress.toFixed(6)}`);
  }
}
