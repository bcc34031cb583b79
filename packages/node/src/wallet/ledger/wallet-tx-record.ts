import { DecodeError, Reader, Transaction, Writer } from '@ocean-ts/core';
import type { UnblindedOutput } from './ledger-types.js';

/**
 * Where a wallet transaction stands (Core 0.14 keeps this in `hashBlock` / `nIndex`):
 * - `unconfirmed`: in no active-chain block (in the mempool or not);
 * - `confirmed`: in the active-chain block `blockHash` at `height`, position `index`;
 * - `conflicted`: a transaction in active-chain block `blockHash` at `height` double-spends it (or
 *   an ancestor); its depth is then negative (`MarkConflicted`);
 * - `abandoned`: the user gave up on it (`abandontransaction`); its inputs count as unspent.
 */
export type TxStatus =
  | { readonly kind: 'unconfirmed' }
  | { readonly kind: 'confirmed'; readonly blockHash: Uint8Array; readonly height: number; readonly index: number }
  | { readonly kind: 'conflicted'; readonly blockHash: Uint8Array; readonly height: number }
  | { readonly kind: 'abandoned' };

export const UNCONFIRMED: TxStatus = { kind: 'unconfirmed' };
export const ABANDONED: TxStatus = { kind: 'abandoned' };

const RECORD_VERSION = 1;
const STATUS_CODES = { unconfirmed: 0, confirmed: 1, conflicted: 2, abandoned: 3 } as const;
const FLAG_FROM_ME = 1;
const MAX_STRING_BYTES = 1 << 20;
const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });

export interface WalletTxFields {
  readonly tx: Transaction;
  readonly status: TxStatus;
  /** `fFromMe`: the wallet created and committed it. */
  readonly fromMe: boolean;
  /** `nTimeReceived` (seconds). */
  readonly timeReceived: number;
  /** `nTimeSmart` (seconds), computed once when the transaction is first added. */
  readonly timeSmart: number;
  /** `nOrderPos`: position in the wallet's transaction order. */
  readonly orderPos: number;
  /** `strFromAccount`. */
  readonly fromAccount: string;
  /** `mapValue` (comment, to, replaced_by_txid, …) in insertion order. */
  readonly values: ReadonlyArray<readonly [string, string]>;
  /**
   * Value, asset and blinders of confidential outputs the wallet knows: those it created (blinding
   * data kept at creation) and those it unblinded when the transaction was added.
   */
  readonly known: ReadonlyMap<number, UnblindedOutput>;
}

/** The persisted part of a wallet transaction (`CWalletTx` serialization, our own format). Immutable. */
export class WalletTxRecord implements WalletTxFields {
  readonly tx: Transaction;
  readonly status: TxStatus;
  readonly fromMe: boolean;
  readonly timeReceived: number;
  readonly timeSmart: number;
  readonly orderPos: number;
  readonly fromAccount: string;
  readonly values: ReadonlyArray<readonly [string, string]>;
  readonly known: ReadonlyMap<number, UnblindedOutput>;

  constructor(f: WalletTxFields) {
    this.tx = f.tx;
    this.status = f.status;
    this.fromMe = f.fromMe;
    this.timeReceived = f.timeReceived;
    this.timeSmart = f.timeSmart;
    this.orderPos = f.orderPos;
    this.fromAccount = f.fromAccount;
    this.values = f.values;
    this.known = f.known;
  }

  with(changes: Partial<WalletTxFields>): WalletTxRecord {
    return new WalletTxRecord({ ...this.fields(), ...changes });
  }

  fields(): WalletTxFields {
    return {
      tx: this.tx,
      status: this.status,
      fromMe: this.fromMe,
      timeReceived: this.timeReceived,
      timeSmart: this.timeSmart,
      orderPos: this.orderPos,
      fromAccount: this.fromAccount,
      values: this.values,
      known: this.known,
    };
  }

  get isAbandoned(): boolean {
    return this.status.kind === 'abandoned';
  }

  /** The `mapValue` entry `name`, if present. */
  value(name: string): string | undefined {
    for (const [k, v] of this.values) if (k === name) return v;
    return undefined;
  }

  encode(): Uint8Array {
    const w = new Writer(this.tx.size + 128);
    w.u8(RECORD_VERSION);
    w.varBytes(this.tx.toBytes(true));
    const s = this.status;
    w.u8(STATUS_CODES[s.kind]);
    if (s.kind === 'confirmed') w.bytes(s.blockHash).u32le(s.height).u32le(s.index);
    else if (s.kind === 'conflicted') w.bytes(s.blockHash).u32le(s.height);
    w.u8(this.fromMe ? FLAG_FROM_ME : 0);
    w.i64le(BigInt(this.timeReceived)).i64le(BigInt(this.timeSmart)).u64le(BigInt(this.orderPos));
    const enc = UTF8_ENCODER;
    w.varBytes(enc.encode(this.fromAccount));
    w.compactSize(this.values.length);
    for (const [k, v] of this.values) w.varBytes(enc.encode(k)).varBytes(enc.encode(v));
    const known = [...this.known.entries()].sort((a, b) => a[0] - b[0]);
    w.compactSize(known.length);
    for (const [i, k] of known) {
      w.u32le(i).i64le(k.value).bytes(k.asset).bytes(k.valueBlinder).bytes(k.assetBlinder);
    }
    return w.finish();
  }

  static decode(bytes: Uint8Array): WalletTxRecord {
    const r = new Reader(bytes);
    const version = r.u8();
    if (version !== RECORD_VERSION) throw new DecodeError(`wallet tx record version ${version} is not supported`);
    const tx = Transaction.decode(r.varBytes('wallet tx'));
    const code = r.u8();
    let status: TxStatus;
    switch (code) {
      case 0:
        status = UNCONFIRMED;
        break;
      case 1:
        status = { kind: 'confirmed', blockHash: r.bytesCopy(32, 'block hash'), height: r.u32le(), index: r.u32le() };
        break;
      case 2:
        status = { kind: 'conflicted', blockHash: r.bytesCopy(32, 'block hash'), height: r.u32le() };
        break;
      case 3:
        status = ABANDONED;
        break;
      default:
        throw new DecodeError(`wallet tx record has unknown status ${code}`);
    }
    const flags = r.u8();
    const timeReceived = Number(r.i64le());
    const timeSmart = Number(r.i64le());
    const orderPos = Number(r.u64le());
    const str = (what: string): string => {
      const b = r.varBytes(what);
      if (b.length === 0) return '';
      if (b.length > MAX_STRING_BYTES) throw new DecodeError(`${what} is too long`);
      return UTF8_DECODER.decode(b);
    };
    const fromAccount = str('from account');
    const nValues = r.count(2, 'wallet tx values');
    const values: [string, string][] = [];
    for (let i = 0; i < nValues; i++) values.push([str('value name'), str('value')]);
    const nKnown = r.count(4 + 8 + 96, 'known outputs');
    const known = new Map<number, UnblindedOutput>();
    for (let i = 0; i < nKnown; i++) {
      const index = r.u32le();
      known.set(index, {
        value: r.i64le(),
        asset: r.bytesCopy(32, 'asset'),
        valueBlinder: r.bytesCopy(32, 'value blinder'),
        assetBlinder: r.bytesCopy(32, 'asset blinder'),
      });
    }
    r.expectEnd('wallet tx record');
    return new WalletTxRecord({ tx, status, fromMe: (flags & FLAG_FROM_ME) !== 0, timeReceived, timeSmart, orderPos, fromAccount, values, known });
  }
}
