/**
 * Ocean's Ethereum peg RPCs (category wallet; rpc spec §3.6, policy spec §10): getethaddress,
 * getethpeginaddress, getethpegin, validateethpegin, createrawethpegin, claimethpegin,
 * sendtoethmainchain. The witness and receipt rules are core's (`pegin.ts`, `eth-pegin.ts`); geth
 * is reached through `ctx.mainchain` (`peg/geth-client.ts`).
 */
import {
  JsonObject,
  OP,
  OutPoint,
  ScriptBuilder,
  ethAddressFromPublicKey,
  hash160,
  isValidPeginWitness,
  parseJson,
  toHex,
  type Amount,
  type JsonValue,
} from '@ocean-ts/core';
import { GethRpcError, type MainchainRpc } from '../../peg/geth-client.js';
import { fetchEthReceipt, validateEthPegin } from '../../peg/eth-pegin-validator.js';
import { peginValueBytes } from '../../peg/pegin-tx.js';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_TYPE_ERROR,
  RPC_VERIFY_ERROR,
  RPC_WALLET_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { uint256SBytes } from './parse-params.js';
import { getBool, getStr, isNull } from './univalue-params.js';
import { sendMoney } from './wallet-send.js';
import { broadcast, claimTransaction, coreParseHex, isFullyValidPubKey, signWithWallet } from './wallet-peg-util.js';
import { ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

/** Geth when configured; otherwise every call fails as an unreachable server would. */
export function mainchainOf(ctx: NodeRpcContext): MainchainRpc {
  return (
    ctx.mainchain ?? {
      call: () => Promise.reject(new GethRpcError("couldn't connect to server")),
    }
  );
}

/** `CKey::Set(ParseHex(text))`: -5 `Private key outside allowed range` unless 32 bytes of a valid secret. */
function privateKeyParam(ctx: NodeRpcContext, v: JsonValue | undefined): Uint8Array {
  const key = coreParseHex(getStr(v));
  if (key.length !== 32 || !ctx.secp.privateKeyVerify(key)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Private key outside allowed range');
  return key;
}

/** The three parameters of validateethpegin / createrawethpegin / claimethpegin. */
interface EthPeginArgs {
  /** Ethereum transaction hash, internal order (`uint256S` of the text). */
  readonly txid: Uint8Array;
  readonly amount: Amount;
  readonly claimPubkey: Uint8Array;
}

function ethPeginArgs(ctx: NodeRpcContext, p: readonly JsonValue[]): EthPeginArgs {
  const txid = uint256SBytes(getStr(p[0]));
  const amount = amountFromValue(p[1]);
  const claimPubkey = coreParseHex(getStr(p[2]));
  if (!isFullyValidPubKey(claimPubkey, ctx.secp)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid public key.');
  return { txid, amount, claimPubkey };
}

/** `validateethpegin`'s check: resolves, or -25 with the reason. */
async function requireValidEthPegin(ctx: NodeRpcContext, a: EthPeginArgs): Promise<void> {
  const r = await validateEthPegin(mainchainOf(ctx), a.txid, a.amount, a.claimPubkey, ctx.params.consensus, ctx.secp);
  if (!r.ok) throw new RpcError(RPC_VERIFY_ERROR, r.error);
}

/** The peg-in witness of policy spec §10.3: value, pegged asset, parent genesis, claim key, ETH tx hash. */
export function ethPeginWitness(ctx: NodeRpcContext, a: EthPeginArgs): Uint8Array[] {
  return [peginValueBytes(a.amount), ctx.params.peggedAsset.slice(), ctx.params.consensus.parentGenesisBlockHash.slice(), a.claimPubkey, a.txid.slice()];
}

/** `createRawEthPegin`: the unsigned claim transaction. */
async function createRawEthPegin(ctx: NodeRpcContext, a: EthPeginArgs) {
  const w = walletOf(ctx);
  const witness = ethPeginWitness(ctx, a);
  const prevout = new OutPoint(a.txid, 0);
  const tx = await claimTransaction(ctx, w, prevout, witness, a.amount);
  if (!isValidPeginWitness(witness, prevout, { peggedAsset: ctx.params.peggedAsset, parentGenesisBlockHash: ctx.params.consensus.parentGenesisBlockHash }, ctx.secp)) {
    throw new RpcError(RPC_INVALID_PARAMETER, 'Constructed peg-in witness is invalid. Invalid peg-in witness');
  }
  return tx;
}

/** `OP_RETURN <parent genesis hash, internal> <20-byte eth address>` (policy spec §10.5). */
export function ethPegoutScript(parentGenesisBlockHash: Uint8Array, ethAddress: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_RETURN).push(parentGenesisBlockHash).push(ethAddress).build();
}

export function walletPegEthMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'getethaddress',
      ['key'],
      'getethaddress "key"\n\nReturns the Ethereum address of a private key (hex): the last 20 bytes of the Keccak-256 hash of its uncompressed public key.\n\n' +
        'Arguments:\n1. "key"   (string, required) The private key, 64 hex characters\n\nResult:\n"address"   (string) 40 lowercase hex characters, no 0x',
      (p) => {
        walletOf(ctx);
        const key = privateKeyParam(ctx, p[0]);
        const pub = ctx.secp.publicKeyCreate(key, false);
        const address = pub.length === 65 ? ethAddressFromPublicKey(pub, ctx.secp) : undefined;
        if (address === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Eth address invalid or key pubkey compressed');
        return toHex(address);
      },
      { minArgs: 1 },
    ),
    m(
      'getethpeginaddress',
      ['key'],
      'getethpeginaddress "key"\n\nImports the private key (hex) into the wallet and returns what a peg-in needs: send the ERC-20 tokens from the key\'s\n' +
        'Ethereum address to eth_mainchain_address, then claim them with claimethpegin and eth_claim_pubkey.\n\n' +
        'Result:\n{\n  "eth_mainchain_address": "hex",   (string) the federation\'s Ethereum address\n  "eth_claim_pubkey": "hex"         (string) the compressed public key of the key\n}',
      async (p) => {
        const w = walletOf(ctx);
        const key = privateKeyParam(ctx, p[0]);
        const pubkey = ctx.secp.publicKeyCreate(key, true);
        // SetAddressBook(id, "", "receive"); AddKeyPubKey with creation time 1 when the key is new.
        await walletCall(async () => {
          const id = hash160(pubkey);
          if (w.keys.haveKey(id)) {
            await w.keys.setAddressBook({ type: 'keyhash', hash: id }, '', 'receive');
          } else {
            if (w.keys.isLocked) throw new RpcError(RPC_WALLET_ERROR, 'Error adding key to wallet');
            await w.keys.importPrivateKey(key, true, { label: '', createTime: 1 });
          }
        });
        return new JsonObject().push('eth_mainchain_address', toHex(ctx.params.consensus.fedpegAddress)).push('eth_claim_pubkey', toHex(pubkey));
      },
      { minArgs: 1, okSafeMode: false },
    ),
    m(
      'getethpegin',
      ['txid'],
      'getethpegin "txid"\n\nReturns the receipt of an Ethereum transaction as geth reports it (eth_getTransactionReceipt), or geth\'s error object.\n\n' +
        'Arguments:\n1. "txid"   (string, required) The Ethereum transaction hash, hex without 0x',
      async (p) => {
        walletOf(ctx);
        const txid = uint256SBytes(getStr(p[0]));
        const reply = await fetchEthReceipt(mainchainOf(ctx), txid);
        return parseJson(JSON.stringify(reply.error !== null ? reply.error : reply.result));
      },
      { minArgs: 1 },
    ),
    m(
      'validateethpegin',
      ['txid', 'amount', 'claim_pubkey'],
      'validateethpegin "txid" amount "claim_pubkey"\n\nChecks a peg-in claim against geth: the ERC-20 transfer of the CBT token to the federation, its amount, its\n' +
        'sender (the Ethereum address of claim_pubkey) and its confirmations. Returns true, or fails with the reason.',
      async (p) => {
        walletOf(ctx);
        const a = ethPeginArgs(ctx, p);
        await requireValidEthPegin(ctx, a);
        return true;
      },
      { minArgs: 3 },
    ),
    m(
      'createrawethpegin',
      ['txid', 'amount', 'claim_pubkey'],
      'createrawethpegin "txid" amount "claim_pubkey"\n\nCreates the raw (unsigned) transaction claiming a peg-in of amount from the Ethereum transaction txid.\n\n' +
        'Result:\n"hex"   (string) the transaction, to be signed with the claim key',
      async (p) => {
        const a = ethPeginArgs(ctx, p);
        return toHex((await createRawEthPegin(ctx, a)).toBytes());
      },
      { minArgs: 3, okSafeMode: false },
    ),
    m(
      'claimethpegin',
      ['txid', 'amount', 'claim_pubkey'],
      'claimethpegin "txid" amount "claim_pubkey"\n\nClaims a peg-in: with -validatepegin checks it against geth, then creates the transaction, signs it with the\n' +
        'wallet (which must hold the claim key, see getethpeginaddress) and broadcasts it.\n\nResult:\n"txid"   (string) the claim transaction',
      async (p) => {
        walletOf(ctx);
        const a = ethPeginArgs(ctx, p);
        if (ctx.params.options.validatePegin) await requireValidEthPegin(ctx, a);
        const tx = await createRawEthPegin(ctx, a);
        return broadcast(ctx, signWithWallet(ctx, tx));
      },
      { minArgs: 3, okSafeMode: false },
    ),
    m(
      'sendtoethmainchain',
      ['address', 'amount', 'subtractfeefromamount'],
      'sendtoethmainchain "address" amount ( subtractfeefromamount )\n\nSends pegged coins back to Ethereum: an OP_RETURN output naming the parent chain and the address.\n\n' +
        'Arguments:\n1. "address"   (string, required) The Ethereum address, 40 hex characters without 0x\n2. amount      (numeric, required)\n' +
        '3. subtractfeefromamount   (boolean, optional, default=false)\n\nResult:\n"txid"   (string)',
      async (p) => {
        const w = walletOf(ctx);
        const text = getStr(p[0]);
        if (text.length !== 40 || !/^[0-9a-fA-F]*$/.test(text)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid eth address');
        const amount = amountFromValue(p[1]);
        if (amount <= 0n) throw new RpcError(RPC_TYPE_ERROR, 'Invalid amount for send');
        const subtract = p.length > 2 && !isNull(p[2]) ? getBool(p[2]) : false;
        ensureUnlocked(w);
        const asset = ctx.params.peggedAsset;
        const scriptPubKey = ethPegoutScript(ctx.params.consensus.parentGenesisBlockHash, coreParseHex(text));
        return sendMoney(ctx, w, { scriptPubKey, amount, asset, subtractFeeFromAmount: subtract }, asset, {}, true);
      },
      { minArgs: 2, okSafeMode: false },
    ),
  ];
}
