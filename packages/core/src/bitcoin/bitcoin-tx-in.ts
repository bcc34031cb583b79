import { assert } from '../encoding/errors.js';
import { toDisplayHex } from '../encoding/hex.js';

const NO_WITNESS: readonly Uint8Array[] = Object.freeze([]);

/**
 * One input of a plain Bitcoin transaction: the spent outpoint (`prevTxid` in internal byte
 * order), the scriptSig, the sequence and the BIP144 witness stack (empty when none).
 */
export class BitcoinTxIn {
  constructor(
    readonly prevTxid: Uint8Array,
    readonly prevIndex: number,
    readonly scriptSig: Uint8Array = new Uint8Array(0),
    readonly sequence: number = 0xffffffff,
    readonly witness: readonly Uint8Array[] = NO_WITNESS,
  ) {
    assert(prevTxid.length === 32, 'prevout txid must be 32 bytes');
    assert(Number.isInteger(prevIndex) && prevIndex >= 0 && prevIndex <= 0xffffffff, 'prevout index must be a uint32');
    assert(Number.isInteger(sequence) && sequence >= 0 && sequence <= 0xffffffff, 'sequence must be a uint32');
  }

  /** The spent txid as display hex. */
  get prevTxidHex(): string {
    return toDisplayHex(this.prevTxid);
  }

  withScriptSig(scriptSig: Uint8Array): BitcoinTxIn {
    return new BitcoinTxIn(this.prevTxid, this.prevIndex, scriptSig, this.sequence, this.witness);
  }

  withWitness(witness: readonly Uint8Array[]): BitcoinTxIn {
    return new BitcoinTxIn(this.prevTxid, this.prevIndex, this.scriptSig, this.sequence, witness);
  }

  withSequence(sequence: number): BitcoinTxIn {
    return new BitcoinTxIn(this.prevTxid, this.prevIndex, this.scriptSig, sequence, this.witness);
  }
}
