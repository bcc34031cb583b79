// Core's arbitraries (core/test/support/arbitraries.ts) re-made as instances of `@ocean-ts/core`, the
// build the wire codecs use (core's own tests load its sources, a different module instance).
import { BlockHeader, Transaction } from '@ocean-ts/core';
import { arbHeader as srcHeader, arbTransaction as srcTransaction } from '../../../core/test/support/arbitraries.js';

export const arbTransaction = srcTransaction.map((tx) => Transaction.decode(tx.toBytes()));
export const arbHeader = srcHeader.map((h) => BlockHeader.decode(h.toBytes()));
