/**
 * The transactions the wallet's KYC RPCs send (ocean-policy §6.2, §6.5, §6.6, §6.9; ADR 0037):
 * KYC key registrations (`whitelistkycpubkeys`), spending a registration (`removekycpubkey`,
 * `blacklistkycpubkey`), onboarding / blacklisting (`SendOnboardTx`) and an onboarded user's
 * encrypted address registrations (`sendaddtowhitelisttx`, `sendaddmultitowhitelisttx`).
 */
import { randomBytes } from 'node:crypto';
import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  OutPoint,
  TransactionBuilder,
  TxIn,
  TxOut,
  bytesEqual,
  eciesMessageSize,
  encryptedAddAddressesScript,
  extractDestination,
  hiddenKeyEntry,
  policyListScript,
  scriptForDestination,
  signTransaction,
  writeRegisterPayload,
  type RegisterEntry,
  type Transaction,
} from '@ocean-ts/core';
import type { AvailableCoin } from '../../wallet/ledger/available-coins.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import type { CreatedTransaction } from '../../wallet/send/send-types.js';
import { RPC_INVALID_PARAMETER, RPC_WALLET_ERROR, RPC_WALLET_INSUFFICIENT_FUNDS, RpcError } from '../server/rpc-error.js';
import type { NodeRpcContext } from './context.js';
import { sendNodePort, sendRpcError } from './wallet-send-port.js';
import { whitelistAsset } from './wallet-kyc-util.js';

const FINAL = 0xffffffff;

/** A transaction built here, in the shape `WalletSender.commit` takes (no change keys to keep). */
function created(tx: Transaction, coins: readonly AvailableCoin[], feeAsset: Uint8Array): CreatedTransaction {
  return {
    tx,
    fee: 0n,
    feeAsset,
    changePosition: -1,
    changePositions: [],
    coins,
    known: new Map(),
    keepKeys: async () => {},
    releaseKeys: () => {},
  };
}

/** Signs every input with the wallet's keys; -4 `Signing transaction failed` when one cannot be. */
function signWithWallet(ctx: NodeRpcContext, w: NodeWallet, tx: Transaction, spent: readonly TxOut[]): Transaction {
  const r = signTransaction({
    variants: [tx],
    spentOutput: (i) => {
      const o = spent[i];
      return o === undefined ? undefined : { scriptPubKey: o.scriptPubKey, amount: o.value };
    },
    provider: w.keys,
    secp: ctx.secp,
  });
  if (!r.complete) throw new RpcError(RPC_WALLET_ERROR, 'Signing transaction failed');
  return r.tx;
}

/** Stores the transaction in the wallet and offers it to the mempool; returns the txid. */
async function commit(ctx: NodeRpcContext, w: NodeWallet, c: CreatedTransaction): Promise<string> {
  try {
    const r = await w.sender.commit(c, {}, sendNodePort(ctx));
    return r.tx.txidHex;
  } catch (e) {
    throw sendRpcError(e);
  }
}

function keyIdOfCoin(c: AvailableCoin): Uint8Array | undefined {
  const d = extractDestination(c.txOut.scriptPubKey);
  return d?.type === 'keyhash' ? d.hash : undefined;
}

/**
 * `whitelistkycpubkeys`: the wallet's confirmed, spendable whitelist-asset coins with a key the
 * wallet holds, taken until their sum exceeds the number of keys; one 1-satoshi registration
 * output per key (admin key = the key of the last coin taken, hidden-key layout) and the change to
 * the admin key's P2PKH; no fee. Returns the txid.
 */
export async function sendKycKeyRegistration(ctx: NodeRpcContext, w: NodeWallet, kycKeys: readonly Uint8Array[]): Promise<string> {
  const asset = whitelistAsset(ctx);
  const noAsset = (): RpcError => new RpcError(RPC_WALLET_ERROR, 'Error: wallet has no spendable whitelist asset.');
  if (asset === undefined) throw noAsset();
  const build = async (): Promise<CreatedTransaction[]> => {
    const n = BigInt(kycKeys.length);
    const coins: AvailableCoin[] = [];
    let sum = 0n;
    for (const c of w.ledger.availableCoins({ asset })) {
      if (c.depth < 1 || !c.spendable || c.value <= 0n) continue;
      const id = keyIdOfCoin(c);
      if (id === undefined || !w.keys.haveKey(id)) continue;
      coins.push(c);
      sum += c.value;
      if (sum > n) break;
    }
    if (coins.length === 0 || sum <= n) throw noAsset();
    const adminId = keyIdOfCoin(coins[coins.length - 1]!)!;
    const admin = w.keys.getPubKey(adminId)!;
    const b = new TransactionBuilder();
    b.version = 2;
    b.locktime = 0;
    for (const c of coins) b.addInput(new TxIn(new OutPoint(c.txid, c.index), new Uint8Array(0), FINAL));
    const out = (value: bigint, script: Uint8Array): TxOut => new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(value), ConfidentialNonce.NULL, script);
    for (const k of kycKeys) b.addOutput(out(1n, policyListScript(admin, hiddenKeyEntry(k))));
    b.addOutput(out(sum - n, scriptForDestination({ type: 'keyhash', hash: adminId })));
    return [created(signWithWallet(ctx, w, b.build(), coins.map((c) => c.txOut)), coins, asset)];
  };
  return commitBuilt(ctx, w, build);
}

/** Builds under the wallet's send lock and commits what was built (`WalletSender.sendBatch`). */
async function commitBuilt(ctx: NodeRpcContext, w: NodeWallet, build: () => Promise<CreatedTransaction[]>): Promise<string> {
  let r;
  try {
    r = await w.sender.sendBatch(build, {}, sendNodePort(ctx));
  } catch (e) {
    throw sendRpcError(e);
  }
  return r[0]!.tx.txidHex;
}

/**
 * `removekycpubkey` / `blacklistkycpubkey`: spends a KYC key's registration output (whitelist
 * asset only: -8 `Input TX asset is not WHITELIST`) to a new wallet address, same asset and amount,
 * no fee. The output is read from the UTXO set (the original fetches the funding transaction,
 * which needs `-txindex`). Returns the txid.
 */
export async function sendRegistrationSpend(ctx: NodeRpcContext, w: NodeWallet, outpoint: OutPoint): Promise<string> {
  const coin = ctx.chain.getCoin(outpoint);
  if (coin === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Could not find kycpubkey registration transaction hash');
  const asset = whitelistAsset(ctx);
  if (!coin.out.asset.isExplicit || asset === undefined || !bytesEqual(coin.out.asset.id, asset)) {
    throw new RpcError(RPC_INVALID_PARAMETER, 'Input TX asset is not WHITELIST');
  }
  const key = await w.keys.getNewKey().catch((e: unknown) => {
    throw sendRpcError(e);
  });
  const b = new TransactionBuilder();
  b.version = 2;
  b.locktime = 0;
  b.addInput(new TxIn(outpoint, new Uint8Array(0), FINAL));
  b.addOutput(new TxOut(coin.out.asset, coin.out.value, ConfidentialNonce.NULL, scriptForDestination({ type: 'keyhash', hash: key.keyId })));
  const tx = signWithWallet(ctx, w, b.build(), [coin.out]);
  return commit(ctx, w, created(tx, [], asset));
}

/**
 * `SendOnboardTx`: the first confirmed, spendable whitelist-asset coin of the wallet is the only
 * input; outputs: the register script with value 0 and the whole input back to the coin's own
 * script (at a random position); the fee rate is 0 (the whitelist asset is a policy asset), so
 * there is no fee output. -8 `No whitelist asset available` without such a coin.
 */
export async function sendOnboardTx(ctx: NodeRpcContext, w: NodeWallet, script: Uint8Array): Promise<string> {
  const asset = whitelistAsset(ctx);
  const none = (): RpcError => new RpcError(RPC_INVALID_PARAMETER, 'No whitelist asset available');
  if (asset === undefined) throw none();
  const coin = w.ledger.availableCoins({ asset }).find((c) => c.depth >= 1 && c.spendable && c.value > 0n);
  if (coin === undefined) throw none();
  try {
    const r = await w.sender.send(
      {
        recipients: [{ scriptPubKey: script, amount: 0n, asset, subtractFeeFromAmount: false }],
        feeAsset: asset,
        coinControl: {
          selected: [new OutPoint(coin.txid, coin.index)],
          allowOtherInputs: false,
          feeRatePerKb: 0n,
          changeScript: coin.txOut.scriptPubKey,
        },
      },
      {},
      sendNodePort(ctx),
    );
    return r.tx.txidHex;
  } catch (e) {
    throw sendRpcError(e);
  }
}

/**
 * `sendaddtowhitelisttx` / `sendaddmultitowhitelisttx`: a 0-value output of `feeAsset` carrying
 * `OP_REGISTERADDRESS PUSH(hex-text(ECIES(entries)))`, encrypted from the key of the funding input
 * to the user's KYC key; the fee is paid in `feeAsset`. The funding input is the wallet's largest
 * `feeAsset` coin on a P2PKH address it holds that `fundable` accepts (an address registered under
 * the user's KYC key: the nodes that decrypt check that), and the change goes back to that address
 * (a fresh pool address would not be whitelisted yet and the mempool would refuse the change —
 * ADR 0037). The transaction is built with a placeholder of the same size, then the real script
 * goes in and the inputs are signed. Returns the txid.
 */
export async function sendEncryptedAddresses(
  ctx: NodeRpcContext,
  w: NodeWallet,
  entries: readonly RegisterEntry[],
  kycPubKey: Uint8Array,
  feeAsset: Uint8Array,
  fundable: (keyId: Uint8Array) => boolean,
): Promise<string> {
  const plainSize = writeRegisterPayload(entries, 0).length;
  // Same size as the final script: OP_REGISTERADDRESS PUSH(hex text of the message).
  const placeholder = encryptedAddAddressesScriptPlaceholder(2 * eciesMessageSize(plainSize));
  const build = async (): Promise<CreatedTransaction[]> => {
    let funding: AvailableCoin | undefined;
    for (const c of w.ledger.availableCoins({ asset: feeAsset })) {
      const id = keyIdOfCoin(c);
      if (!c.spendable || id === undefined || w.keys.getKey(id) === undefined || !fundable(id)) continue;
      if (funding === undefined || c.value > funding.value) funding = c;
    }
    if (funding === undefined) throw new RpcError(RPC_WALLET_INSUFFICIENT_FUNDS, 'Insufficient funds');
    const c = await w.sender.builder.create(
      {
        recipients: [{ scriptPubKey: placeholder, amount: 0n, asset: feeAsset, subtractFeeFromAmount: false }],
        feeAsset,
        sign: false,
        coinControl: { selected: [new OutPoint(funding.txid, funding.index)], allowOtherInputs: true, changeScript: funding.txOut.scriptPubKey },
      },
      sendNodePort(ctx),
    );
    try {
      const senderKey = w.keys.getKey(keyIdOfCoin(funding)!)!.privateKey;
      const script = encryptedAddAddressesScript(ctx.secp, entries, senderKey, kycPubKey, new Uint8Array(randomBytes(16)));
      const at = c.tx.outputs.findIndex((o) => bytesEqual(o.scriptPubKey, placeholder));
      const b = TransactionBuilder.from(c.tx);
      const o = b.outputs[at]!;
      b.outputs[at] = new TxOut(o.asset, o.value, o.nonce, script);
      return [{ ...c, tx: signWithWallet(ctx, w, b.build(), c.coins.map((x) => x.txOut)) }];
    } catch (e) {
      c.releaseKeys();
      throw e;
    }
  };
  return commitBuilt(ctx, w, build);
}

function encryptedAddAddressesScriptPlaceholder(textSize: number): Uint8Array {
  const text = new Uint8Array(textSize).fill(0x30);
  const push = textSize < 0x4c ? [textSize] : textSize <= 0xff ? [0x4c, textSize] : [0x4d, textSize & 0xff, textSize >> 8];
  return Uint8Array.from([0xb8, ...push, ...text]);
}
