/**
 * Ethereum peg-in inputs (chain spec §9): the 5-item peg-in witness and the output it stands for.
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import type { OutPoint } from '../primitives/outpoint.js';
import { hash160 } from '../crypto/hash.js';
import { bytesEqual } from '../encoding/hex.js';
import { moneyRange, type Amount } from '../primitives/amount.js';
import { TxOut } from '../primitives/tx-out.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../primitives/confidential.js';
import { OP } from '../script/opcodes.js';

/** What a peg-in witness is checked against (internal byte order). */
export interface PeginParams {
  /** The pegged asset id ("CBT"). */
  readonly peggedAsset: Uint8Array;
  /** `-parentgenesisblockhash`. */
  readonly parentGenesisBlockHash: Uint8Array;
}

/** Item 0: the claimed value, little-endian int64 in the first 8 bytes (extra bytes ignored). */
export function peginValue(stack: readonly Uint8Array[]): Amount | undefined {
  const item = stack[0];
  if (item === undefined || item.length < 8) return undefined;
  return new DataView(item.buffer, item.byteOffset, 8).getBigInt64(0, true);
}

/**
 * `-validatepegin`'s node-local part of `IsValidEthPeginWitness`: the verdict on the Ethereum
 * transaction of a witness that passed the format checks (the node looks it up from geth before
 * the synchronous check runs and answers from what it fetched; docs/adr/0033).
 */
export type PeginCheck = (stack: readonly Uint8Array[], prevout: OutPoint) => boolean;

/**
 * `IsValidPeginWitness`: exactly 5 items; value ≥ 8 bytes and in money range; asset = the pegged
 * asset; parent genesis hash = the chain's; item 3 a fully valid public key; item 4 = the input's
 * prevout hash; then, when given, `check` (`-validatepegin`'s Ethereum lookup, which is node-local
 * and not part of this library).
 */
export function isValidPeginWitness(stack: readonly Uint8Array[], prevout: OutPoint, params: PeginParams, secp: Secp256k1, check?: PeginCheck): boolean {
  if (stack.length !== 5) return false;
  const value = peginValue(stack);
  if (value === undefined || !moneyRange(value)) return false;
  const [, asset, genesis, pubkey, txid] = stack as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (asset.length !== 32 || !bytesEqual(asset, params.peggedAsset)) return false;
  if (genesis.length !== 32 || !bytesEqual(genesis, params.parentGenesisBlockHash)) return false;
  if (!isFullyValidPubKey(pubkey, secp)) return false;
  if (txid.length !== 32 || !bytesEqual(txid, prevout.txid)) return false;
  return check === undefined || check(stack, prevout);
}

/** `CPubKey(bytes).IsFullyValid()`: the length must match the header byte, and the point parse. */
function isFullyValidPubKey(pubkey: Uint8Array, secp: Secp256k1): boolean {
  const h = pubkey[0];
  const expected = h === 2 || h === 3 ? 33 : h === 4 || h === 6 || h === 7 ? 65 : 0;
  if (expected === 0 || pubkey.length !== expected) return false;
  return secp.publicKeyVerify(pubkey);
}

/** `OP_DUP OP_HASH160 <hash160(pubkey)> OP_EQUALVERIFY OP_CHECKSIG`. */
export function peginClaimScript(pubkey: Uint8Array): Uint8Array {
  const s = new Uint8Array(25);
  s[0] = OP.OP_DUP;
  s[1] = OP.OP_HASH160;
  s[2] = 20;
  s.set(hash160(pubkey), 3);
  s[23] = OP.OP_EQUALVERIFY;
  s[24] = OP.OP_CHECKSIG;
  return s;
}

/**
 * `GetPeginOutputFromWitness`: the output a (valid) peg-in input spends — asset item 1, explicit
 * value item 0, null nonce, P2PKH of the claim key (item 3).
 */
export function peginSpentOutput(stack: readonly Uint8Array[]): TxOut {
  const value = peginValue(stack) ?? 0n;
  return new TxOut(
    ConfidentialAsset.fromId(stack[1]!),
    ConfidentialValue.fromAmount(value),
    ConfidentialNonce.NULL,
    peginClaimScript(stack[3]!),
  );
}
