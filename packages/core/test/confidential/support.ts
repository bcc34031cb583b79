/** Shared set-up of the confidential-transaction tests: primitives, keys, deterministic randomness. */
import { sha256 } from '../../src/crypto/hash.js';
import { concatBytes } from '../../src/encoding/hex.js';
import { ZkpConfidentialVerifier } from '../../src/consensus/zkp-verifier.js';
import { ZkpConfidentialPrimitives } from '../../src/confidential/zkp-confidential-primitives.js';
import type { BlindingInput } from '../../src/confidential/blind-transaction.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../src/primitives/confidential.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { id32, key } from '../consensus/support/fixtures.js';

export const zkp = await ZkpConfidentialPrimitives.create();
/** An independent verifier object (the one consensus code uses). */
export const verifier = await ZkpConfidentialVerifier.create();

export const ZERO32 = new Uint8Array(32);

/** A deterministic random source: SHA256(label ‖ counter) blocks. */
export function seeded(label: string): (n: number) => Uint8Array {
  let counter = 0;
  let pool: Uint8Array = new Uint8Array(0);
  const tag = new TextEncoder().encode(label);
  return (n: number) => {
    while (pool.length < n) {
      const c = new Uint8Array(4);
      new DataView(c.buffer).setUint32(0, counter++);
      pool = concatBytes(pool, sha256(concatBytes(tag, c)));
    }
    const out = pool.slice(0, n);
    pool = pool.slice(n);
    return out;
  };
}

/** A receiver: spending key (P2PKH script) and blinding key pair. */
export function receiver(n: number): { script: Uint8Array; blindingKey: Uint8Array; blindingPub: Uint8Array } {
  const k = key(n);
  const blindingKey = sha256(Uint8Array.of(0xb1, n));
  return { script: k.p2pkh, blindingKey, blindingPub: zkp.publicKey(blindingKey)! };
}

/** An explicit coin and what the blinder knows about it. */
export function explicitCoin(asset: Uint8Array, value: bigint, script: Uint8Array): { spent: TxOut; info: BlindingInput } {
  return {
    spent: new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(value), ConfidentialNonce.NULL, script),
    info: { asset, assetBlinder: ZERO32, value, valueBlinder: ZERO32 },
  };
}

export function prevout(n: number, index = 0): OutPoint {
  return new OutPoint(id32(n), index);
}
