import { OutPoint, Reader, Writer, type Coin } from '@ocean-ts/core';
import { readCoin, writeCoin } from './coin-codec.js';

export interface SpentCoin {
  readonly outpoint: OutPoint;
  readonly coin: Coin;
}

export interface PeginClaim {
  readonly parentGenesisHash: Uint8Array;
  readonly prevout: OutPoint;
}

/**
 * What disconnecting a block needs beyond the block itself: the coins it spent (in the order it
 * spent them) and the peg-in claims it recorded. Stored under the `undo` prefix by block hash.
 */
export class BlockUndo {
  constructor(
    readonly spent: readonly SpentCoin[],
    readonly pegins: readonly PeginClaim[],
  ) {}

  encode(): Uint8Array {
    const w = new Writer();
    w.compactSize(this.spent.length);
    for (const s of this.spent) {
      s.outpoint.write(w);
      writeCoin(w, s.coin);
    }
    w.compactSize(this.pegins.length);
    for (const p of this.pegins) {
      w.bytes(p.parentGenesisHash);
      p.prevout.write(w);
    }
    return w.finish();
  }

  static decode(bytes: Uint8Array): BlockUndo {
    const r = new Reader(bytes);
    const spent: SpentCoin[] = [];
    for (let n = r.count(45, 'spent coins'); n > 0; n--) spent.push({ outpoint: OutPoint.read(r), coin: readCoin(r) });
    const pegins: PeginClaim[] = [];
    for (let n = r.count(68, 'peg-in claims'); n > 0; n--) pegins.push({ parentGenesisHash: r.bytesCopy(32), prevout: OutPoint.read(r) });
    r.expectEnd('block undo');
    return new BlockUndo(spent, pegins);
  }
}
