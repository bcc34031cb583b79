/**
 * Synthetic guardnode chains for the request-table tests: elementsregtest with free coins and 100
 * PERMISSION coins to OP_TRUE, blocks of hand-made request and bid transactions.
 */
import {
  OP,
  OutPoint,
  TransactionBuilder,
  TxIn,
  encodeBidScript,
  encodeRequestScript,
  type Block,
  type ChainParams,
  type RequestTerms,
  type Transaction,
} from '@ocean-ts/core';
import type { Chainstate } from '../../src/chain/chainstate.js';
import type { KvStore } from '../../src/storage/kv-store.js';
import type { GuardnodeAssets } from '../../src/policy/guardnode-assets.js';
import { RequestListExtension } from '../../src/policy/request-list-extension.js';
import { NOW, OP_TRUE, elementsRegtestParams, explicitOut as explicit, openSyntheticChain, secp, syntheticBlock } from '../chain/support/regtest-chain.js';

export { NOW, OP_TRUE, secp };
export const KEY1 = Uint8Array.from(Buffer.from('0202652db913c67c1e14ecc3f035ef32e508d4e7c1758d405660ec95e61ba8b3f0', 'hex'));
export const KEY2 = Uint8Array.from(Buffer.from('03951ae5deaee1e4c2c04aca75fd32d0075b0b2dca491be9faa2735740ce90c542', 'hex'));

export function guardnodeParams(): ChainParams {
  return elementsRegtestParams('-policycoins=50000000000000', '-permissioncoinsdestination=51');
}

export function guardnodeAssets(params = guardnodeParams()): GuardnodeAssets {
  return { permissionAsset: params.policyAsset('permission'), domainAsset: params.feeAsset };
}

export function openGuardnodeChain(store: KvStore, withTable = true): Promise<Chainstate> {
  const params = guardnodeParams();
  return openSyntheticChain(params, store, { extensions: withTable ? [new RequestListExtension(guardnodeAssets(params))] : [] });
}

interface Coin {
  outpoint: OutPoint;
  asset: Uint8Array;
  value: bigint;
}

/** Builds blocks on one branch, spending genesis OP_TRUE coins. */
export class GuardnodeChainBuilder {
  private readonly permission: Coin[] = [];
  private readonly cbt: Coin[] = [];
  tip: Block;

  constructor(private readonly params = guardnodeParams()) {
    this.tip = params.genesisBlock;
    const permission = params.policyAsset('permission')!;
    for (const tx of params.genesisBlock.transactions) {
      tx.outputs.forEach((out, i) => {
        if (!out.value.isExplicit || out.scriptPubKey.length !== 1 || out.scriptPubKey[0] !== OP.OP_1) return;
        const c = { outpoint: new OutPoint(tx.txid, i), asset: out.asset.id, value: out.value.amount };
        if (Buffer.from(c.asset).equals(permission)) this.permission.push(c);
        else if (Buffer.from(c.asset).equals(params.feeAsset)) this.cbt.push(c);
      });
    }
  }

  get height(): number {
    return this.tip.header.height;
  }

  /** A request spending one PERMISSION coin (its single output carries the whole value). */
  request(terms: Partial<RequestTerms> & { endBlockHeight: number; startBlockHeight: number }): Transaction {
    const c = this.permission.shift()!;
    const b = new TransactionBuilder();
    b.locktime = this.height;
    b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xfffffffe));
    const full: RequestTerms = {
      targetPubKey: KEY1,
      genesisHash: new Uint8Array(32).fill(0x5b),
      numTickets: 2,
      decayConst: 100,
      feePercentage: 5,
      startPrice: 100_000_000n,
      ...terms,
    };
    b.addOutput(explicit(c.asset, c.value, encodeRequestScript(full)));
    return b.build();
  }

  /** A bid (stake + OP_TRUE change) spending one CBT coin; `script` replaces the stake script. */
  bid(requestTxid: Uint8Array, stake: bigint, lockHeight: number, script?: Uint8Array): Transaction {
    const c = this.cbt.shift()!;
    const b = new TransactionBuilder();
    b.locktime = this.height;
    b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xfffffffe));
    b.addOutput(explicit(c.asset, stake, script ?? encodeBidScript(lockHeight, KEY2, requestTxid, KEY1)));
    b.addOutput(explicit(c.asset, c.value - stake, OP_TRUE));
    const tx = b.build();
    this.cbt.push({ outpoint: new OutPoint(tx.txid, 1), asset: c.asset, value: c.value - stake });
    return tx;
  }

  /** The next block holding `txs`. */
  block(txs: Transaction[] = []): Block {
    this.tip = syntheticBlock(this.tip, txs, { peggedAsset: this.params.peggedAsset, tag: 7 });
    return this.tip;
  }
}
