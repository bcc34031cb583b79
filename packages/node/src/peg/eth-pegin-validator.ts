/**
 * `-validatepegin` / `validateethpegin`: fetch what core's `isValidEthPegin` judges (policy spec
 * §10.4) from geth — the receipt `eth_getTransactionReceipt("0x" + txid)` and the Ethereum tip
 * (`eth_blockNumber`, or `eth_syncing.highestBlock` when that is 0). Every failure on the way (no
 * connection, a JSON-RPC error object, a malformed reply) is the original's catch-all
 * `Invalid eth transaction`. Also the start-up check that geth serves the parent chain.
 */
import {
  EthPeginError,
  checkEthPeginReceipt,
  isValidEthPegin,
  toDisplayHex,
  type Amount,
  type EthPeginParams,
  type EthPeginResult,
  type Secp256k1,
} from '@ocean-ts/core';
import type { MainchainRpc } from './geth-client.js';

const INVALID: EthPeginResult = Object.freeze({ ok: false, error: EthPeginError.INVALID });

/** Ethereum JSON-RPC QUANTITY → bigint; throws on anything else. */
export function ethQuantity(v: unknown): bigint {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(v)) throw new TypeError(`not an Ethereum quantity: ${JSON.stringify(v)}`);
  return BigInt(v);
}

/** `eth_getTransactionReceipt("0x" + display hex of txid)`: the raw reply. */
export function fetchEthReceipt(rpc: MainchainRpc, txid: Uint8Array): ReturnType<MainchainRpc['call']> {
  return rpc.call('eth_getTransactionReceipt', [`0x${toDisplayHex(txid)}`]);
}

/** The Ethereum tip: `eth_blockNumber`, or `eth_syncing.highestBlock` while it reports 0. */
export async function latestEthBlock(rpc: MainchainRpc): Promise<bigint> {
  const r = await rpc.call('eth_blockNumber', []);
  if (r.error !== null) throw new TypeError('eth_blockNumber failed');
  const latest = ethQuantity(r.result);
  if (latest !== 0n) return latest;
  const s = await rpc.call('eth_syncing', []);
  if (s.error !== null || typeof s.result !== 'object' || s.result === null) throw new TypeError('eth_syncing gave no progress');
  return ethQuantity((s.result as Record<string, unknown>)['highestBlock']);
}

/**
 * The full `-validatepegin` check of a claim of `amount` base units by `claimPubkey` for the
 * Ethereum transaction `txid` (internal byte order).
 */
export async function validateEthPegin(
  rpc: MainchainRpc,
  txid: Uint8Array,
  amount: Amount,
  claimPubkey: Uint8Array,
  params: EthPeginParams,
  secp: Secp256k1,
): Promise<EthPeginResult> {
  try {
    const reply = await fetchEthReceipt(rpc, txid);
    if (reply.error !== null) return INVALID;
    const receipt = reply.result;
    // Steps 1–5 first: the tip is only asked for when the receipt itself is acceptable.
    const found = checkEthPeginReceipt(receipt, amount, claimPubkey, { params, secp });
    if (!found.ok) return found;
    const latestBlockNumber = await latestEthBlock(rpc);
    return isValidEthPegin(receipt, amount, claimPubkey, { params, secp, latestBlockNumber });
  } catch {
    return INVALID;
  }
}

/**
 * Start-up check of `-validatepegin`: `eth_getBlockByNumber("0x0", false).hash` must be the parent
 * genesis hash (display order). Resolves false on any failure.
 */
export async function gethServesParentChain(rpc: MainchainRpc, parentGenesisBlockHash: Uint8Array): Promise<boolean> {
  try {
    const r = await rpc.call('eth_getBlockByNumber', ['0x0', false]);
    if (r.error !== null || typeof r.result !== 'object' || r.result === null) return false;
    const hash = (r.result as Record<string, unknown>)['hash'];
    return typeof hash === 'string' && hash.toLowerCase() === `0x${toDisplayHex(parentGenesisBlockHash)}`;
  } catch {
    return false;
  }
}

/** The init error when geth does not answer as the parent chain (policy spec §10.4). */
export const GETH_INIT_ERROR = 'ERROR: oceand is set to verify pegins but cannot get valid response from geth. Please check debug.log for more information.';
