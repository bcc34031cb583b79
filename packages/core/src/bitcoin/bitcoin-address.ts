/**
 * Standard Bitcoin output scripts (P2PKH, P2SH, P2WPKH, P2WSH) and their addresses.
 */
import { base58CheckDecode, base58CheckEncode } from '../encoding/base58.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { concatBytes } from '../encoding/hex.js';
import { hash160, sha256 } from '../crypto/hash.js';
import { decodeSegwitAddress, encodeSegwitAddress } from './bech32.js';
import type { BitcoinNetwork } from './bitcoin-network.js';

/** `OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG`. */
export function p2pkhScript(keyHash: Uint8Array): Uint8Array {
  assert(keyHash.length === 20, 'key hash must be 20 bytes');
  return concatBytes(Uint8Array.of(0x76, 0xa9, 0x14), keyHash, Uint8Array.of(0x88, 0xac));
}

/** `OP_HASH160 <20> OP_EQUAL`. */
export function p2shScript(scriptHash: Uint8Array): Uint8Array {
  assert(scriptHash.length === 20, 'script hash must be 20 bytes');
  return concatBytes(Uint8Array.of(0xa9, 0x14), scriptHash, Uint8Array.of(0x87));
}

/** `OP_0 <20>`. */
export function p2wpkhScript(keyHash: Uint8Array): Uint8Array {
  assert(keyHash.length === 20, 'key hash must be 20 bytes');
  return concatBytes(Uint8Array.of(0x00, 0x14), keyHash);
}

/** `OP_0 <32>`. */
export function p2wshScript(scriptHash: Uint8Array): Uint8Array {
  assert(scriptHash.length === 32, 'witness script hash must be 32 bytes');
  return concatBytes(Uint8Array.of(0x00, 0x20), scriptHash);
}

/** P2SH output script of a redeem script. */
export function p2shScriptForRedeemScript(redeemScript: Uint8Array): Uint8Array {
  return p2shScript(hash160(redeemScript));
}

/** P2WPKH output script of a (compressed) public key. */
export function p2wpkhScriptForPubkey(pubkey: Uint8Array): Uint8Array {
  return p2wpkhScript(hash160(pubkey));
}

/** The P2PKH scriptCode BIP143 uses for a P2WPKH program. */
export function p2wpkhScriptCode(program: Uint8Array): Uint8Array {
  return p2pkhScript(program);
}

export function p2pkhAddress(pubkey: Uint8Array, net: BitcoinNetwork): string {
  return base58CheckEncode(concatBytes(Uint8Array.of(net.pubkeyHash), hash160(pubkey)));
}

export function p2shAddress(redeemScript: Uint8Array, net: BitcoinNetwork): string {
  return base58CheckEncode(concatBytes(Uint8Array.of(net.scriptHash), hash160(redeemScript)));
}

export function p2wpkhAddress(pubkey: Uint8Array, net: BitcoinNetwork): string {
  return encodeSegwitAddress(net.bech32, 0, hash160(pubkey));
}

export function p2wshAddress(witnessScript: Uint8Array, net: BitcoinNetwork): string {
  return encodeSegwitAddress(net.bech32, 0, sha256(witnessScript));
}

/**
 * The address of a standard output script (P2PKH, P2SH, or any witness program), or undefined
 * when the script has no address form.
 */
export function bitcoinAddressFromScript(script: Uint8Array, net: BitcoinNetwork): string | undefined {
  const n = script.length;
  if (n === 25 && script[0] === 0x76 && script[1] === 0xa9 && script[2] === 0x14 && script[23] === 0x88 && script[24] === 0xac) {
    return base58CheckEncode(concatBytes(Uint8Array.of(net.pubkeyHash), script.subarray(3, 23)));
  }
  if (n === 23 && script[0] === 0xa9 && script[1] === 0x14 && script[22] === 0x87) {
    return base58CheckEncode(concatBytes(Uint8Array.of(net.scriptHash), script.subarray(2, 22)));
  }
  if (n >= 4 && n <= 42 && (script[0] === 0 || (script[0]! >= 0x51 && script[0]! <= 0x60)) && script[1] === n - 2) {
    const version = script[0] === 0 ? 0 : script[0]! - 0x50;
    if (version === 0 && n !== 22 && n !== 34) return undefined;
    return encodeSegwitAddress(net.bech32, version, script.subarray(2));
  }
  return undefined;
}

/** The output script of a Base58 (P2PKH / P2SH) or bech32 segwit address of `net`; throws `DecodeError`. */
export function bitcoinAddressToScript(address: string, net: BitcoinNetwork): Uint8Array {
  if (address.toLowerCase().startsWith(net.bech32 + '1')) {
    const { version, program } = decodeSegwitAddress(net.bech32, address);
    return concatBytes(Uint8Array.of(version === 0 ? 0 : 0x50 + version, program.length), program);
  }
  const raw = base58CheckDecode(address);
  if (raw.length !== 21) throw new DecodeError(`invalid address length ${raw.length}`);
  if (raw[0] === net.pubkeyHash) return p2pkhScript(raw.subarray(1));
  if (raw[0] === net.scriptHash) return p2shScript(raw.subarray(1));
  throw new DecodeError(`unknown address version ${raw[0]}`);
}
