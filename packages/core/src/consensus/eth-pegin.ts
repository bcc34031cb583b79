/**
 * `-validatepegin=1`: the Ethereum side of a peg-in claim (chain spec §9, policy spec §10.4; the
 * original's `IsValidEthPegin`). Pure: the caller fetches `eth_getTransactionReceipt("0x" + txid)`
 * and the current Ethereum block number over RPC and passes the parsed JSON in; this module only
 * judges it. Format checks of the peg-in witness itself are in `pegin.ts`.
 *
 * Checks, in order, on the FIRST log whose `topics[0]` is the ERC-20 `Transfer` event hash:
 *  1. `logs` missing / null / empty → `Eth Tx logs empty`; no Transfer log → `Unexpected ERC-20
 *     transfer topic hash`;
 *  2. `log.address` = `-parentcontract` → else `Invalid CBT ERC-20 contract provided`;
 *  3. last 20 bytes of `topics[2]` (recipient) = `-fedpegaddress` → else `Invalid fegpeg destination
 *     address` (sic);
 *  4. `data` (uint256 big-endian, 18 decimals) integer-divided by 10^10 = the claimed amount in base
 *     units → else `Pegin amount and ERC-20 transaction amount don't match`;
 *  5. last 20 bytes of `topics[1]` (sender) = Ethereum address of the claim key → else `From address
 *     not matching claim_pubkey`;
 *  6. (`isValidEthPegin` only) `latest − log.blockNumber > peginconfirmationdepth + 2` → else
 *     `Peg-in eth transaction needs more confirmations to be sent`.
 * Anything structurally wrong with the receipt (not an object, a field missing or of the wrong JSON
 * type, malformed or wrong-length hex) → `Invalid eth transaction`, the message the original's
 * catch-all gives for every exception while reading the receipt. Nothing here throws on receipt
 * data.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Secp256k1 } from '../crypto/secp256k1.js';
import { assert } from '../encoding/errors.js';
import { bytesEqual, fromHex, isHex, reversed, toHex } from '../encoding/hex.js';
import type { Amount } from '../primitives/amount.js';

/** topic0 of the ERC-20 `Transfer(address,address,uint256)` event: keccak256 of that signature. */
export const ERC20_TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

/** The token has 18 decimals, the pegged asset 8: token units per base unit. */
export const ETH_PEGIN_TOKEN_DIVISOR = 10_000_000_000n;

/** The original's failure messages, verbatim (typos included). */
export const EthPeginError = {
  LOGS_EMPTY: 'Eth Tx logs empty',
  TRANSFER_TOPIC: 'Unexpected ERC-20 transfer topic hash',
  CONTRACT: 'Invalid CBT ERC-20 contract provided',
  DESTINATION: 'Invalid fegpeg destination address',
  AMOUNT: "Pegin amount and ERC-20 transaction amount don't match",
  FROM: 'From address not matching claim_pubkey',
  CONFIRMATIONS: 'Peg-in eth transaction needs more confirmations to be sent',
  INVALID: 'Invalid eth transaction',
} as const;
export type EthPeginErrorMessage = (typeof EthPeginError)[keyof typeof EthPeginError];

export type EthPeginFailure = { readonly ok: false; readonly error: EthPeginErrorMessage };
export type EthPeginResult = { readonly ok: true } | EthPeginFailure;

/** The chain options the check reads; `ConsensusParams` satisfies it structurally. */
export interface EthPeginParams {
  /** `-parentcontract` as stored: a uint160 in INTERNAL order (reverse of the option text). */
  readonly parentContract: Uint8Array;
  /** `-fedpegaddress`: 20 bytes in the order given (not reversed). */
  readonly fedpegAddress: Uint8Array;
  /** `-peginconfirmationdepth` (default 8). */
  readonly peginConfirmationDepth: number;
}

/** What the receipt-only check (steps 1–5) needs. */
export interface EthPeginReceiptContext {
  readonly params: Pick<EthPeginParams, 'parentContract' | 'fedpegAddress'>;
  readonly secp: Secp256k1;
}

/** What the full check needs: the receipt context plus the Ethereum tip. */
export interface EthPeginContext extends EthPeginReceiptContext {
  readonly params: EthPeginParams;
  /**
   * The current Ethereum block number as the node resolved it: `eth_blockNumber`, or
   * `eth_syncing.highestBlock` when that is 0 (policy spec §10.4). Fetching it is the node's job.
   */
  readonly latestBlockNumber: bigint;
}

const OK: EthPeginResult = Object.freeze({ ok: true });
const fail = (error: EthPeginErrorMessage): EthPeginFailure => ({ ok: false, error });

/**
 * Ethereum address of a secp256k1 public key (compressed, uncompressed or hybrid): the last 20 bytes
 * of Keccak-256 (original Keccak padding) over the 64-byte uncompressed point without its 0x04
 * prefix (policy spec §10.2). `undefined` when the key does not parse.
 */
export function ethAddressFromPublicKey(pubkey: Uint8Array, secp: Secp256k1): Uint8Array | undefined {
  if (pubkey.length !== 33 && pubkey.length !== 65) return undefined;
  let uncompressed: Uint8Array;
  try {
    if (!secp.publicKeyVerify(pubkey)) return undefined;
    uncompressed = secp.publicKeyConvert(pubkey, false);
  } catch {
    return undefined;
  }
  return keccak_256(uncompressed.subarray(1)).subarray(12);
}

/** Confirmation rule (step 6): strictly more than `depth + 2` blocks between the log and the tip. */
export function hasEthPeginConfirmations(logBlockNumber: bigint, latestBlockNumber: bigint, depth: number): boolean {
  return latestBlockNumber - logBlockNumber > BigInt(depth) + 2n;
}

/**
 * Steps 1–5 (what the original's unit test `pegin_witness_tests.cpp` exercises with the
 * `ethpegin_*.json` vectors): the Transfer log's contract, recipient, amount and sender. No
 * confirmation count — use `isValidEthPegin` for the full `-validatepegin` rule.
 */
export function checkEthPeginReceipt(receipt: unknown, amount: Amount, claimPubkey: Uint8Array, ctx: EthPeginReceiptContext): EthPeginResult {
  const found = transferLog(receipt, amount, claimPubkey, ctx);
  return found.ok ? OK : found;
}

/**
 * The full `-validatepegin` check of a peg-in claim of `amount` base units by `claimPubkey`
 * against the Ethereum receipt of the claimed transaction: steps 1–6.
 */
export function isValidEthPegin(receipt: unknown, amount: Amount, claimPubkey: Uint8Array, ctx: EthPeginContext): EthPeginResult {
  const found = transferLog(receipt, amount, claimPubkey, ctx);
  if (!found.ok) return found;
  // 6. Confirmations, counted from the block of the Transfer log (the log's own `blockNumber`, which
  //    in a receipt always equals the receipt's).
  const blockNumber = quantity(field(found.log, 'blockNumber'));
  if (blockNumber === undefined) return fail(EthPeginError.INVALID);
  if (!hasEthPeginConfirmations(blockNumber, ctx.latestBlockNumber, ctx.params.peginConfirmationDepth)) {
    return fail(EthPeginError.CONFIRMATIONS);
  }
  return OK;
}

type JsonObject = { readonly [key: string]: unknown };
type Found = { readonly ok: true; readonly log: JsonObject } | EthPeginFailure;

/** Steps 1–5; on success, the matching log (for step 6). */
function transferLog(receipt: unknown, amount: Amount, claimPubkey: Uint8Array, ctx: EthPeginReceiptContext): Found {
  const { parentContract, fedpegAddress } = ctx.params;
  assert(parentContract.length === 20, 'parentContract must be a 20-byte uint160');
  assert(fedpegAddress.length === 20, 'fedpegAddress must be 20 bytes');

  if (!isObject(receipt)) return fail(EthPeginError.INVALID);

  // 1. The first ERC-20 Transfer log.
  const logs = field(receipt, 'logs');
  if (logs === undefined || logs === null) return fail(EthPeginError.LOGS_EMPTY);
  if (!Array.isArray(logs)) return fail(EthPeginError.INVALID);
  if (logs.length === 0) return fail(EthPeginError.LOGS_EMPTY);
  let log: JsonObject | undefined;
  let topics: readonly unknown[] = [];
  for (const candidate of logs as readonly unknown[]) {
    if (!isObject(candidate)) return fail(EthPeginError.INVALID);
    const t = field(candidate, 'topics');
    if (!Array.isArray(t)) return fail(EthPeginError.INVALID); // ethpegin_invalid6: no `topics`
    // An anonymous event has no topics at all: it is not a Transfer, so it is skipped.
    if (t.length === 0) continue;
    const topic0 = data(t[0], 32);
    if (topic0 === undefined) return fail(EthPeginError.INVALID);
    if (toHex(topic0) === ERC20_TRANSFER_TOPIC) {
      log = candidate;
      topics = t as readonly unknown[];
      break;
    }
  }
  if (log === undefined) return fail(EthPeginError.TRANSFER_TOPIC);

  // 2. Emitted by the CBT token contract. Byte order: `-parentcontract` is parsed like a uint160 from
  //    display hex (chain spec §3.2), so the stored INTERNAL bytes are the option text reversed
  //    (default option 076c97e1…02591 is stored as 9125b0bc…976c07). The original compares the
  //    receipt's text with the uint160's display hex (`GetHex`), i.e. with the option text again —
  //    and the receipt shows addresses in plain Ethereum order, the order of the option text. So the
  //    receipt bytes are compared with the stored bytes reversed back. (Compared as bytes, so the
  //    hex case of the receipt — e.g. an EIP-55 checksummed address — does not matter.)
  const address = data(field(log, 'address'), 20);
  if (address === undefined) return fail(EthPeginError.INVALID);
  if (!bytesEqual(address, reversed(parentContract))) return fail(EthPeginError.CONTRACT);

  // 3. Recipient = the federation's address. `-fedpegaddress` is parsed as plain bytes in the order
  //    written (chain spec §3.2), the same order as the address in the low 20 bytes of the topic.
  const to = data(topics[2], 32);
  if (to === undefined) return fail(EthPeginError.INVALID);
  if (!bytesEqual(to.subarray(12), fedpegAddress)) return fail(EthPeginError.DESTINATION);

  // 4. Amount: uint256 token units (18 decimals) → base units (8 decimals) by integer division, so
  //    a remainder below 10^10 token units is ignored (policy spec §10.4).
  const value = data(field(log, 'data'), 32);
  if (value === undefined) return fail(EthPeginError.INVALID);
  if (uint256(value) / ETH_PEGIN_TOKEN_DIVISOR !== amount) return fail(EthPeginError.AMOUNT);

  // 5. Sender = the Ethereum address of the claim key (decompressed). A key that does not parse has
  //    no address, so it matches no sender; both callers (the `validateethpegin` RPC and the peg-in
  //    witness check) reject such keys before getting here.
  const from = data(topics[1], 32);
  if (from === undefined) return fail(EthPeginError.INVALID);
  const claimAddress = ethAddressFromPublicKey(claimPubkey, ctx.secp);
  if (claimAddress === undefined || !bytesEqual(from.subarray(12), claimAddress)) return fail(EthPeginError.FROM);

  return { ok: true, log };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property only (a receipt is parsed JSON; nothing is read from prototypes). */
function field(o: JsonObject, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, name) ? o[name] : undefined;
}

/** Ethereum JSON-RPC DATA: `0x` + exactly `2 * size` hex digits (either case). */
function data(v: unknown, size: number): Uint8Array | undefined {
  if (typeof v !== 'string' || v.length !== 2 + 2 * size || !v.startsWith('0x')) return undefined;
  const digits = v.slice(2);
  return isHex(digits) ? fromHex(digits) : undefined;
}

/** Ethereum JSON-RPC QUANTITY: `0x` + 1…64 hex digits. */
function quantity(v: unknown): bigint | undefined {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(v)) return undefined;
  return BigInt(v);
}

function uint256(be: Uint8Array): bigint {
  let n = 0n;
  for (const b of be) n = (n << 8n) | BigInt(b);
  return n;
}
