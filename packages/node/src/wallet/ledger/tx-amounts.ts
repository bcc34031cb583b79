import { AssetAmounts } from './asset-amounts.js';
import { feeMap } from './ledger-rules.js';
import type { AddressBookView } from './ledger-types.js';
import type { WalletLedger } from './wallet-ledger.js';
import type { WalletTx } from './wallet-tx.js';

/** `COutputEntry` with Elements' asset and blinders (the RPC layer turns the script into an address). */
export interface OutputEntry {
  readonly scriptPubKey: Uint8Array;
  readonly index: number;
  /** −1 when unknown. */
  readonly amount: bigint;
  /** Asset id (internal order), null when unknown. */
  readonly asset: Uint8Array | null;
  readonly assetKey: string;
  readonly valueBlinder: Uint8Array;
  readonly assetBlinder: Uint8Array;
}

export interface TxAmounts {
  readonly received: OutputEntry[];
  readonly sent: OutputEntry[];
  /** The fee outputs per asset when we paid into the transaction, else empty. */
  readonly fee: AssetAmounts;
  /** `strFromAccount`. */
  readonly sentAccount: string;
}

/**
 * `CWalletTx::GetAmounts`: when we are debited, every non-change, non-fee output is "sent" and the
 * fee outputs are the fee; outputs matching `filter` are "received".
 */
export function txAmounts(ledger: WalletLedger, wtx: WalletTx, filter: number, book: AddressBookView): TxAmounts {
  const debited = ledger.debit(wtx.tx, filter).isPositive;
  const fee = debited ? feeMap(wtx.tx) : new AssetAmounts();
  const received: OutputEntry[] = [];
  const sent: OutputEntry[] = [];
  const outs = ledger.outputs(wtx);
  wtx.tx.outputs.forEach((txout, i) => {
    const o = outs[i]!;
    const mine = (o.mine & filter) !== 0;
    if (debited) {
      if (book.isChange(txout.scriptPubKey)) return;
    } else if (!mine) return;
    if (txout.isFee) return;
    const entry: OutputEntry = {
      scriptPubKey: txout.scriptPubKey,
      index: i,
      amount: o.value,
      asset: o.asset,
      assetKey: o.assetKey,
      valueBlinder: o.valueBlinder,
      assetBlinder: o.assetBlinder,
    };
    if (debited) sent.push(entry);
    if (mine) received.push(entry);
  });
  return { received, sent, fee, sentAccount: wtx.record.fromAccount };
}

function skipForBalance(ledger: WalletLedger, wtx: WalletTx): boolean {
  return !ledger.isFinal(wtx) || ledger.blocksToMaturity(wtx) > 0 || ledger.depth(wtx) < 0;
}

function addEntries(into: AssetAmounts, entries: readonly OutputEntry[], sign: 1n | -1n): void {
  for (const e of entries) if (e.asset !== null) into.addKey(e.assetKey, sign * e.amount);
}

/**
 * `getbalance "*" minconf`: received (at `minDepth` or more) minus sent minus fees over every final,
 * mature, unconflicted wallet transaction — spent outputs included, trust not required.
 */
export function totalBalance(ledger: WalletLedger, minDepth: number, filter: number, book: AddressBookView): AssetAmounts {
  const balance = new AssetAmounts();
  for (const wtx of ledger.transactions()) {
    if (skipForBalance(ledger, wtx)) continue;
    const a = txAmounts(ledger, wtx, filter, book);
    if (ledger.depth(wtx) >= minDepth) addEntries(balance, a.received, 1n);
    addEntries(balance, a.sent, -1n);
    balance.subtractAll(a.fee);
  }
  return balance;
}

/**
 * `GetAccountBalance(account, minDepth, filter)`: per transaction, what the account received (outputs
 * whose address is labelled with it; unlabelled outputs belong to "") minus what it sent and paid in
 * fees (`GetAccountAmounts`). Accounting entries (`move`) are not registered in Ocean.
 */
export function accountBalance(ledger: WalletLedger, account: string, minDepth: number, filter: number, book: AddressBookView): AssetAmounts {
  const balance = new AssetAmounts();
  for (const wtx of ledger.transactions()) {
    if (skipForBalance(ledger, wtx)) continue;
    const a = txAmounts(ledger, wtx, filter, book);
    const received = new AssetAmounts();
    for (const r of a.received) {
      const label = book.accountOf(r.scriptPubKey);
      if ((label !== undefined && label === account) || (label === undefined && account === '')) {
        if (r.asset !== null) received.addKey(r.assetKey, r.amount);
      }
    }
    if (received.size > 0 && ledger.depth(wtx) >= minDepth) balance.addAll(received);
    if (account === a.sentAccount) {
      addEntries(balance, a.sent, -1n);
      balance.subtractAll(a.fee);
    }
  }
  return balance;
}

/**
 * `getreceivedbyaddress` / `getreceivedbyaccount`: outputs to the scripts `matches` accepts in final,
 * non-coinbase wallet transactions with at least `minDepth` confirmations, per asset.
 */
export function receivedBy(ledger: WalletLedger, matches: (scriptPubKey: Uint8Array) => boolean, minDepth: number): AssetAmounts {
  const amounts = new AssetAmounts();
  for (const wtx of ledger.transactions()) {
    if (wtx.tx.isCoinbase || !ledger.isFinal(wtx)) continue;
    if (ledger.depth(wtx) < minDepth) continue;
    const outs = ledger.outputs(wtx);
    wtx.tx.outputs.forEach((txout, i) => {
      const o = outs[i]!;
      if (o.asset === null || !matches(txout.scriptPubKey)) return;
      amounts.addKey(o.assetKey, o.value > 0n ? o.value : 0n);
    });
  }
  return amounts;
}
