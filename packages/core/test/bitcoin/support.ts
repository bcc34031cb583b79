import fc from 'fast-check';
import { BitcoinTransaction } from '../../src/bitcoin/bitcoin-transaction.js';
import { BitcoinTxIn } from '../../src/bitcoin/bitcoin-tx-in.js';
import { BitcoinTxOut } from '../../src/bitcoin/bitcoin-tx-out.js';

/** BIP143's native P2WPKH example, signed (one legacy P2PK input, one P2WPKH input). */
export const BIP143_P2WPKH_SIGNED =
  '01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000';

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

/** Random transactions with at least one input (bcoin, like Core, cannot round-trip 0-input txs). */
export function arbTx(): fc.Arbitrary<BitcoinTransaction> {
  const input = fc
    .record({
      txid: bytes(32, 32),
      index: fc.nat({ max: 0xffffffff }),
      script: bytes(0, 120),
      seq: fc.nat({ max: 0xffffffff }),
      witness: fc.array(bytes(0, 80), { maxLength: 3 }),
    })
    .map((r) => new BitcoinTxIn(r.txid, r.index, r.script, r.seq, r.witness));
  const output = fc
    .record({ value: fc.bigInt({ min: 0n, max: 2_100_000_000_000_000n }), script: bytes(0, 60) })
    .map((r) => new BitcoinTxOut(r.value, r.script));
  return fc
    .record({
      version: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
      inputs: fc.array(input, { minLength: 1, maxLength: 4 }),
      outputs: fc.array(output, { minLength: 0, maxLength: 4 }),
      locktime: fc.nat({ max: 0xffffffff }),
    })
    .map((r) => new BitcoinTransaction(r.version, r.inputs, r.outputs, r.locktime));
}
