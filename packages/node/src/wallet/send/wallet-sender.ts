import type { Logger } from '@ocean-ts/service-kit';
import { nullLogger } from '@ocean-ts/service-kit';
import type { Transaction } from '@ocean-ts/core';
import type { WalletLedger } from '../ledger/wallet-ledger.js';
import { WalletSendError } from './send-error.js';
import type { CommitMetadata, CreateTransactionRequest, CreatedTransaction, SendNodePort } from './send-types.js';
import type { WalletTxBuilder } from './wallet-tx-builder.js';

/** A committed wallet transaction and what the local mempool said about it. */
export interface CommittedTransaction {
  readonly tx: Transaction;
  readonly created: CreatedTransaction;
  /** Why the local mempool refused it (it stays in the wallet, as in 0.14); undefined when accepted. */
  readonly rejectReason: string | undefined;
}

/**
 * `CreateTransaction` + `CommitTransaction`, one at a time per wallet (Core holds `cs_wallet` for
 * the whole send, so two sends never pick the same coins). Commit order is what makes a kill at any
 * instant safe: the change keys are kept (durable), then the transaction is stored in the wallet
 * ledger (durable; its inputs now count as spent), and only then offered to the mempool — a
 * transaction the node saw is always in the wallet, and one the wallet stored but the node never
 * saw is offered again at start-up (`ReacceptWalletTransactions`).
 */
export class WalletSender {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly builder: WalletTxBuilder,
    private readonly ledger: WalletLedger,
    private readonly log: Logger = nullLogger,
  ) {}

  /** Runs `fn` after every earlier send finished (the wallet's send lock). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(fn, fn);
    this.#tail = next.catch(() => undefined);
    return next;
  }

  /** Create, commit and broadcast (`SendMoney`). */
  send(req: CreateTransactionRequest, meta: CommitMetadata, node: SendNodePort): Promise<CommittedTransaction> {
    return this.exclusive(async () => {
      const created = await this.builder.create(req, node);
      return this.#commit(created, meta, node);
    });
  }

  /** Create without committing (fundrawtransaction, createany); the caller keeps or releases the keys. */
  create(req: CreateTransactionRequest, node: SendNodePort): Promise<CreatedTransaction> {
    return this.exclusive(() => this.builder.create(req, node));
  }

  /**
   * Create several transactions and commit them in order under one lock (sendany's split
   * transactions): `build` must release its keys when it fails.
   */
  sendBatch(build: () => Promise<readonly CreatedTransaction[]>, meta: CommitMetadata, node: SendNodePort): Promise<CommittedTransaction[]> {
    return this.exclusive(async () => {
      const created = await build();
      const out: CommittedTransaction[] = [];
      for (const c of created) out.push(await this.#commit(c, meta, node));
      return out;
    });
  }

  /** `CommitTransaction` of a transaction made by `create` (signed). */
  commit(created: CreatedTransaction, meta: CommitMetadata, node: SendNodePort): Promise<CommittedTransaction> {
    return this.exclusive(() => this.#commit(created, meta, node));
  }

  async #commit(created: CreatedTransaction, meta: CommitMetadata, node: SendNodePort): Promise<CommittedTransaction> {
    const tx = created.tx;
    try {
      await created.keepKeys();
      await this.ledger.addTransaction(tx, {
        fromMe: true,
        ...(meta.values !== undefined ? { values: meta.values } : {}),
        ...(meta.fromAccount !== undefined ? { fromAccount: meta.fromAccount } : {}),
        known: created.known,
      });
    } catch (e) {
      throw new WalletSendError('commit', `Error: The transaction was rejected! Reason given: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.log.info(`CommitTransaction: ${tx.txidHex}`);
    const rejectReason = await node.submit(tx);
    if (rejectReason !== undefined) this.log.info(`CommitTransaction(): Transaction cannot be broadcast immediately, ${rejectReason}`);
    return { tx, created, rejectReason };
  }
}
