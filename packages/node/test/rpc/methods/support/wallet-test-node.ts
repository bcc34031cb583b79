/**
 * A TestNode with a real NodeWallet (LMDB wallet file in a temporary directory) that follows the
 * node's chain and mempool as the composition root wires it: after every chain mutation the wallet
 * catches up (`chainChanged`), after every mempool call it takes the new transactions
 * (`mempoolChanged`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mempool } from '../../../../src/mempool/mempool.js';
import { registerWalletMethods } from '../../../../src/rpc/methods/index.js';
import { NodeWallet } from '../../../../src/wallet/node-wallet.js';
import { ledgerChainSource } from '../../../../src/wallet/wallet-chain-link.js';
import { TransactionBuilder, TxIn, type Transaction } from '@ocean-ts/core';
import { explicitOutput } from '../../../../src/mining/coinbase.js';
import { TestNode, genesisCoins, secp, type TestNodeOptions } from './test-node.js';

export interface WalletTestNode {
  readonly node: TestNode;
  readonly wallet: NodeWallet;
  readonly dir: string;
  /** Close the wallet and open it again from its file (a node restart, chain kept). */
  reopen(): Promise<NodeWallet>;
}

export interface WalletTestNodeOptions extends TestNodeOptions {
  readonly anyoneCanSpendAreMine?: boolean;
  readonly rescan?: boolean;
  /** `-disablect` (default true, as Ocean's default). */
  readonly disableCt?: boolean;
}

export async function walletTestNode(t: { after(fn: () => Promise<void> | void): void }, opts: WalletTestNodeOptions = {}): Promise<WalletTestNode> {
  const node = await TestNode.create(opts);
  const dir = mkdtempSync(join(tmpdir(), 'wallet-ledger-rpc-'));
  const open = async (): Promise<NodeWallet> => {
    const w = await NodeWallet.open({
      dir,
      fileName: 'wallet.dat',
      params: node.params,
      secp,
      clock: { now: () => node.now(), monotonicMs: () => performance.now() },
      useHd: true,
      keypool: 5,
      disableCt: opts.disableCt ?? true,
      anyoneCanSpendAreMine: opts.anyoneCanSpendAreMine ?? true,
      payTxFeePerKb: 0n,
    });
    await w.attachChain(ledgerChainSource(node.chain), { rescan: opts.rescan ?? false });
    return w;
  };
  let wallet = await open();
  Object.defineProperty(node, 'wallet', { get: () => wallet, configurable: true });
  registerWalletMethods(node.methods, node);
  const sync = node.withMempoolSync.bind(node);
  node.withMempoolSync = async <T>(mutate: () => Promise<T>): Promise<T> => {
    const r = await sync(mutate);
    await wallet.chainChanged(node.mempool);
    return r;
  };
  const accept = node.acceptToMempool.bind(node);
  node.acceptToMempool = async <T>(fn: (pool: Mempool) => T): Promise<T> => {
    try {
      return await accept(fn);
    } finally {
      await wallet.mempoolChanged(node.mempool);
    }
  };
  t.after(async () => {
    await wallet.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    node,
    get wallet() {
      return wallet;
    },
    dir,
    reopen: async () => {
      await wallet.close();
      wallet = await open();
      return wallet;
    },
  };
}

/** Spend genesis OP_TRUE coin `index`: `outs` first, the rest back to OP_TRUE, an explicit `fee`. */
export function payFromGenesis(node: TestNode, index: number, outs: readonly { script: Uint8Array; value: bigint }[], fee = 100_000n): Transaction {
  const c = genesisCoins(node.params)[index]!;
  const asset = c.out.asset.id;
  const b = new TransactionBuilder();
  b.version = 2;
  b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff));
  let rest = c.out.value.amount - fee;
  for (const o of outs) {
    b.addOutput(explicitOutput(asset, o.value, o.script));
    rest -= o.value;
  }
  b.addOutput(explicitOutput(asset, rest, Uint8Array.of(0x51)));
  b.addOutput(explicitOutput(asset, fee, new Uint8Array(0)));
  return b.build();
}
