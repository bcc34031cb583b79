import { OP, ScriptBuilder, TxoutType, concatBytes, hash160, sha256, solver } from '@ocean-ts/core';

/** `GetScriptForRawPubKey`: `<pubkey> OP_CHECKSIG`. */
export function scriptForRawPubKey(pubkey: Uint8Array): Uint8Array {
  return new ScriptBuilder().push(pubkey).op(OP.OP_CHECKSIG).build();
}

/** `GetScriptForMultisig`: `<m> <key>… <n> OP_CHECKMULTISIG`. */
export function scriptForMultisig(required: number, pubkeys: readonly Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder().number(required);
  for (const k of pubkeys) b.push(k);
  return b.number(pubkeys.length).op(OP.OP_CHECKMULTISIG).build();
}

/** P2SH scriptPubKey of a redeem script: `OP_HASH160 <hash160(script)> OP_EQUAL`. */
export function scriptForP2SH(redeemScript: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(OP.OP_HASH160, 20), hash160(redeemScript), Uint8Array.of(OP.OP_EQUAL));
}

/** P2PKH scriptPubKey of a key hash. */
export function scriptForKeyHash(hash: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(OP.OP_DUP, OP.OP_HASH160, 20), hash, Uint8Array.of(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG));
}

/**
 * `GetScriptForWitness`: P2PK → P2WPKH of the key, P2PKH → P2WPKH of the same hash, anything else
 * → P2WSH of SHA256(script).
 */
export function scriptForWitness(redeemScript: Uint8Array): Uint8Array {
  const s = solver(redeemScript);
  if (s.type === TxoutType.PUBKEY) return concatBytes(Uint8Array.of(OP.OP_0, 20), hash160(s.solutions[0]!));
  if (s.type === TxoutType.PUBKEYHASH) return concatBytes(Uint8Array.of(OP.OP_0, 20), s.solutions[0]!);
  return concatBytes(Uint8Array.of(OP.OP_0, 32), sha256(redeemScript));
}
