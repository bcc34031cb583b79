/**
 * The Elements 0.14 Bitcoin-peg RPCs Ocean still registers (rpc spec §3.7, policy spec §10.5):
 * getpeginaddress, createrawpegin, claimpegin, sendtomainchain. They work as in Elements — a P2WPKH
 * claim script, a P2SH-P2WSH deposit address on the parent chain from the (pay-to-contract tweaked)
 * `-fedpegscript`, a 6-item peg-in witness carrying the Bitcoin transaction and its merkle proof —
 * but Ocean's consensus accepts only the 5-item Ethereum witness, so such peg-ins are refused when
 * they reach the mempool (`claimpegin` reports that refusal).
 */
import {
  JsonObject,
  OP,
  OutPoint,
  ScriptBuilder,
  bytesEqual,
  decodeParentAddress,
  encodeParentAddress,
  moneyRange,
  scriptForDestination,
  toDisplayHex,
  toHex,
  type JsonValue,
  type Transaction,
} from '@ocean-ts/core';
import {
  checkBitcoinProof,
  decodeBitcoinMerkleBlock,
  decodeBitcoinTx,
  p2wpkhScript,
  peginDepositScriptId,
  peginOutputIndex,
  type BitcoinMerkleBlock,
} from '../../peg/bitcoin-peg.js';
import { peginValueBytes } from '../../peg/pegin-tx.js';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_TYPE_ERROR,
  RPC_WALLET_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { getBool, getStr, isNull } from './univalue-params.js';
import { sendMoney } from './wallet-send.js';
import { mainchainOf } from './wallet-peg-eth.js';
import { broadcast, claimTransaction, coreParseHex, signWithWallet } from './wallet-peg-util.js';
import { ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

/** `IsConfirmedBitcoinBlock(hash, depth)`: the parent node's `getblockheader` reports enough confirmations. */
async function isConfirmedBitcoinBlock(ctx: NodeRpcContext, hash: Uint8Array, depth: number): Promise<boolean> {
  try {
    const r = await mainchainOf(ctx).call('getblockheader', [toDisplayHex(hash)]);
    if (r.error !== null || typeof r.result !== 'object' || r.result === null) return false;
    const c = (r.result as Record<string, unknown>)['confirmations'];
    return typeof c === 'number' && c >= depth;
  } catch {
    return false;
  }
}

interface CreatedPegin {
  readonly tx: Transaction;
  /** Present with `-validatepegin`: the parent block has `pegin_min_depth + 2` confirmations. */
  readonly mature?: boolean;
}

/** `createrawpegin bitcoinTx txoutproof ( claim_script )`. */
async function createRawPegin(ctx: NodeRpcContext, p: readonly JsonValue[]): Promise<CreatedPegin> {
  const w = walletOf(ctx);
  const secp = ctx.secp;
  const fedpeg = ctx.params.consensus.fedpegScript;
  const txData = coreParseHex(getStr(p[0]));
  let btcTx;
  try {
    btcTx = decodeBitcoinTx(txData);
  } catch {
    throw new RpcError(RPC_INVALID_PARAMETER, 'The included bitcoinTx is malformed. Are you sure that is the whole string?');
  }
  const proofData = coreParseHex(getStr(p[1]));
  let mb: BitcoinMerkleBlock;
  try {
    mb = decodeBitcoinMerkleBlock(proofData);
  } catch {
    throw new RpcError(RPC_INVALID_PARAMETER, 'The included txoutproof is malformed. Are you sure that is the whole string?');
  }
  if (mb.trailing !== 0 || !checkBitcoinProof(mb.hash, mb.bits, ctx.params.consensus.parentPowLimit)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid tx out proof');
  const matches = mb.tree.extractMatches();
  if (matches === undefined || !bytesEqual(matches.root, mb.merkleRoot)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid tx out proof');
  if (matches.matches.length !== 1 || !bytesEqual(matches.matches[0]!, btcTx.txid)) {
    throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'The txoutproof must contain bitcoinTx and only bitcoinTx');
  }

  let claimScript: Uint8Array | undefined;
  let nOut = btcTx.outputs.length;
  if (p.length > 2 && !isNull(p[2])) {
    claimScript = coreParseHex(getStr(p[2]));
    // A v0 witness program: OP_0 followed by one push of 20 or 32 bytes.
    const v0 = claimScript.length >= 4 && claimScript.length <= 42 && claimScript[0] === OP.OP_0 && claimScript[1] === claimScript.length - 2 && (claimScript[1] === 20 || claimScript[1] === 32);
    if (!v0) throw new RpcError(RPC_INVALID_PARAMETER, 'Given claim_script is not a valid v0 witness program.');
    nOut = peginOutputIndex(btcTx, fedpeg, claimScript, secp);
    if (nOut === btcTx.outputs.length) throw new RpcError(RPC_INVALID_PARAMETER, 'Given claim_script does not match the given Bitcoin transaction.');
  } else {
    // Look for a deposit to one of the wallet's P2WPKH claim scripts.
    for (const keyId of w.keys.keyIds()) {
      const candidate = p2wpkhScript(keyId);
      const i = peginOutputIndex(btcTx, fedpeg, candidate, secp);
      if (i < btcTx.outputs.length) {
        claimScript = candidate;
        nOut = i;
        break;
      }
    }
  }
  if (claimScript === undefined || nOut === btcTx.outputs.length) {
    throw new RpcError(RPC_INVALID_PARAMETER, 'Failed to find output in bitcoinTx to the mainchain_address from getpeginaddress');
  }
  const value = btcTx.outputs[nOut]!.value;

  const prevout = new OutPoint(btcTx.txid, nOut);
  const witness = [peginValueBytes(value), ctx.params.peggedAsset.slice(), ctx.params.consensus.parentGenesisBlockHash.slice(), claimScript, txData, proofData];
  if (!moneyRange(value)) throw new RpcError(RPC_INVALID_PARAMETER, 'Constructed peg-in witness is invalid.');
  const tx = await claimTransaction(ctx, w, prevout, witness, value);
  if (!ctx.params.options.validatePegin) return { tx };
  return { tx, mature: await isConfirmedBitcoinBlock(ctx, mb.hash, ctx.params.consensus.peginConfirmationDepth + 2) };
}

const PEGIN_USAGE_ARGS =
  'Arguments:\n1. "bitcoinTx"     (string, required) The raw bitcoin transaction (in hex) depositing bitcoin to the mainchain_address generated by getpeginaddress\n' +
  '2. "txoutproof"    (string, required) A rawtxoutproof (in hex) generated by the mainchain daemon\'s `gettxoutproof` containing a proof of only bitcoinTx\n' +
  '3. "claim_script"   (string, optional) The witness program generated by getpeginaddress. Only needed if not in wallet.\n';

export function walletPegBitcoinMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'getpeginaddress',
      [],
      'getpeginaddress\n\nReturns information needed for claimpegin to move coins to the sidechain.\n' +
        'The user should send coins from their Bitcoin wallet to the mainchain_address returned.\n\n' +
        'Result:\n"mainchain_address"           (string) Mainchain Bitcoin deposit address to send bitcoin to\n' +
        '"claim_script"           (string) The claim script in hex that was committed to. This may be required in `claimpegin` to retrieve pegged-in funds\n',
      async () => {
        const w = walletOf(ctx);
        const key = await walletCall(() => w.keys.getNewKey({ name: '', purpose: 'receive' }));
        const claimScript = p2wpkhScript(key.keyId);
        await walletCall(() => w.keys.addScript(claimScript));
        const depositId = peginDepositScriptId(ctx.params.consensus.fedpegScript, claimScript, ctx.secp);
        return new JsonObject()
          .push('mainchain_address', encodeParentAddress({ type: 'scripthash', hash: depositId }, ctx.params.base58))
          .push('claim_script', toHex(claimScript));
      },
      { okSafeMode: false },
    ),
    m(
      'createrawpegin',
      ['bitcoinTx', 'txoutproof', 'claim_script'],
      'createrawpegin bitcoinTx txoutproof ( claim_script )\n\nCreates a raw transaction to claim coins from the main chain by creating a pegin transaction with the necessary metadata after the corresponding Bitcoin transaction.\n' +
        'Note that this call will not sign the transaction.\n\n' +
        PEGIN_USAGE_ARGS +
        '\nResult:\n{\n   "hex"       (string) The raw transaction with pegin input\n   "mature"    (bool) Whether the peg-in is mature (only included when validating peg-ins)\n}\n',
      async (p) => {
        const r = await createRawPegin(ctx, p);
        const o = new JsonObject().push('hex', toHex(r.tx.toBytes()));
        if (r.mature !== undefined) o.push('mature', r.mature);
        return o;
      },
      { minArgs: 2, okSafeMode: false },
    ),
    m(
      'claimpegin',
      ['bitcoinTx', 'txoutproof', 'claim_script'],
      'claimpegin bitcoinTx txoutproof ( claim_script )\n\nClaim coins from the main chain by creating a pegin transaction with the necessary metadata after the corresponding Bitcoin transaction.\n' +
        'Note that the transaction will not be relayed unless it is buried at least 102 blocks deep.\n\n' +
        PEGIN_USAGE_ARGS +
        '\nResult:\n"txid"   (string) Txid of the resulting sidechain transaction\n',
      async (p) => {
        walletOf(ctx);
        if (ctx.isInitialBlockDownload()) throw new RpcError(RPC_WALLET_ERROR, 'Peg-ins cannot be completed during initial sync or reindexing.');
        const r = await createRawPegin(ctx, p);
        if (r.mature === false) throw new RpcError(RPC_WALLET_ERROR, 'Peg-in Bitcoin transaction needs more confirmations to be sent.');
        // A test acceptance first (a double claim shows here), then sign and send.
        const test = await ctx.acceptToMempool((pool) => pool.testAccept(r.tx));
        if (!test.allowed) throw new RpcError(RPC_WALLET_ERROR, `Error: The transaction was rejected! Reason given: ${test['reject-reason'] ?? ''}`);
        return broadcast(ctx, signWithWallet(ctx, r.tx));
      },
      { minArgs: 2, okSafeMode: false },
    ),
    m(
      'sendtomainchain',
      ['address', 'amount', 'subtractfeefromamount'],
      'sendtomainchain "address" amount ( subtractfeefromamount )\n\nSends sidechain funds to the given mainchain address, through the federated withdraw mechanism\n\n' +
        'Arguments:\n1. "address"        (string, required) The destination address on Bitcoin mainchain\n2. "amount"         (numeric, required) The amount being sent to Bitcoin mainchain\n' +
        '3. "subtractfeefromamount"  (boolean, optional, default=false) The fee will be deducted from the amount being pegged-out.\n\nResult:\n"txid"                  (string) Transaction ID of the resulting sidechain transaction\n',
      async (p) => {
        const w = walletOf(ctx);
        let dest;
        try {
          dest = decodeParentAddress(getStr(p[0]), ctx.params.base58);
        } catch {
          throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
        }
        const amount = amountFromValue(p[1]);
        if (amount <= 0n) throw new RpcError(RPC_TYPE_ERROR, 'Invalid amount for send');
        const subtract = p.length > 2 && !isNull(p[2]) ? getBool(p[2]) : false;
        const mainchainScript = scriptForDestination(dest);
        const scriptPubKey = new ScriptBuilder().op(OP.OP_RETURN).push(ctx.params.consensus.parentGenesisBlockHash).push(mainchainScript).build();
        ensureUnlocked(w);
        const asset = ctx.params.peggedAsset;
        return sendMoney(ctx, w, { scriptPubKey, amount, asset, subtractFeeFromAmount: subtract }, asset, {}, true);
      },
      { minArgs: 2, okSafeMode: false },
    ),
  ];
}
