/**
 * `-validatepegin` for mempool acceptance (docs/adr/0033, "Per-claim checks"). Every way into the
 * mempool — `sendrawtransaction`, `testmempoolaccept`, the wallet's broadcasts, relay — is a
 * closure run by the composition root's `acceptToMempool` under the chain lock, and the pool's
 * checks are synchronous. So the pool handed to that closure is guarded: checking a transaction
 * whose peg-in claims have no usable verdict throws `PeginLookupNeeded` before the pool is touched;
 * `withPeginLookups` then releases the lock (the closure's run ends), asks geth about that
 * transaction and runs the closure again, now reading the fresh verdicts.
 */
import type { Transaction } from '@ocean-ts/core';
import type { Mempool } from '../mempool/mempool.js';
import type { EthPeginPrevalidator } from './eth-pegin-prevalidator.js';

/** The pool methods that check the transaction given as their first argument. */
const CHECKING_METHODS: ReadonlySet<PropertyKey> = new Set(['accept', 'acceptAsync', 'submit', 'submitAsync', 'testAccept']);

/** Runs of the closure before the last one, which is left unguarded (it reads whatever is there). */
const GUARDED_RUNS = 2;

/** Thrown by a guarded pool: geth must be asked about `tx`'s peg-ins first. */
export class PeginLookupNeeded extends Error {
  override readonly name = 'PeginLookupNeeded';
  constructor(readonly tx: Transaction) {
    super(`peg-in claims of ${tx.txidHex} need a geth lookup first`);
  }
}

/** `pool`, except that its checking methods throw `PeginLookupNeeded` for unchecked peg-ins. */
export function guardMempool(pool: Mempool, prevalidator: EthPeginPrevalidator): Mempool {
  return new Proxy(pool, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      const method = v as (...a: unknown[]) => unknown;
      if (!CHECKING_METHODS.has(prop)) return method.bind(target);
      const isAsync = typeof prop === 'string' && prop.endsWith('Async');
      return (tx: Transaction, ...rest: unknown[]) => {
        if (prevalidator.needsLookup(tx)) {
          const e = new PeginLookupNeeded(tx);
          if (isAsync) return Promise.reject(e);
          throw e;
        }
        return method.call(target, tx, ...rest);
      };
    },
  });
}

/**
 * Run `attempt` (an `acceptToMempool` run that passes its pool through `guard`) until it gets
 * through without a missing verdict: after each `PeginLookupNeeded`, geth is asked about that
 * transaction (outside the lock) and the attempt is repeated; the last run is unguarded.
 */
export async function withPeginLookups<T>(prevalidator: EthPeginPrevalidator, attempt: (guard: (pool: Mempool) => Mempool) => Promise<T>): Promise<T> {
  for (let run = 0; ; run++) {
    const guarded = run < GUARDED_RUNS;
    try {
      return await attempt(guarded ? (pool) => guardMempool(pool, prevalidator) : (pool) => pool);
    } catch (e) {
      if (!guarded || !(e instanceof PeginLookupNeeded)) throw e;
      await prevalidator.prepareTx(e.tx);
    }
  }
}
