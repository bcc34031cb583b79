import { DecodeError, decodeAddress, fromHex, isHex, validateDerivedKey, toHex, type Base58Prefixes, type Secp256k1 } from '@ocean-ts/core';
import { encodeDumpTime, type WalletDumpHeader } from './wallet-dump.js';

/** One line of a derived-keys dump: a (tweaked) P2PKH address and the untweaked pubkey behind it. */
export interface DerivedKeyLine {
  readonly address: string;
  readonly derivedPubkey: Uint8Array;
}

/**
 * `dumpderivedkeys` (policy §6.8): the dumpwallet header with "Derived key dump", an empty line,
 * `<address> <untweaked pubkey hex>` per key-pool key, an empty line, `# End of dump`.
 */
export function formatDerivedKeysDump(header: WalletDumpHeader, lines: readonly DerivedKeyLine[]): string {
  let out = `# Derived key dump created by Bitcoin ${header.clientBuild}\n`;
  out += `# * Created on ${encodeDumpTime(header.now)}\n`;
  out += `# * Best block at time of backup was ${header.bestHeight} (${header.bestHash}),\n`;
  out += `#   mined on ${encodeDumpTime(header.bestTime)}\n`;
  out += '\n';
  for (const l of lines) out += `${l.address} ${toHex(l.derivedPubkey)}\n`;
  out += '\n';
  out += '# End of dump\n';
  return out;
}

/** The `<address> <pubkey>` pairs of a derived-keys file: empty and `#` lines and lines with < 2 fields are skipped. */
export function parseDerivedKeysDump(text: string): { readonly address: string; readonly pubkey: string }[] {
  const out: { address: string; pubkey: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line[0] === '#') continue;
    const v = line.split(' ');
    if (v.length < 2) continue;
    out.push({ address: v[0]!, pubkey: v[1]! });
  }
  return out;
}

/** An RPC error `validatederivedkeys` reports (code and Ocean's message). */
export interface DerivedKeyError {
  readonly code: number;
  readonly message: string;
}

/**
 * `validatederivedkeys`: for every line the address must parse (-5 `Invalid Bitcoin address`), the
 * pubkey must be valid (-5 `Invalid public key`), the address must be P2PKH (-5 `Invalid key id`)
 * and its key id must be HASH160 of the pubkey tweaked with `contractTweak` (zero: no tweak;
 * -32 `Invalid key derivation when tweaking key with contract hash`). Returns the first error.
 */
export function validateDerivedKeysDump(text: string, prefixes: Base58Prefixes, contractTweak: Uint8Array, secp: Secp256k1): DerivedKeyError | undefined {
  for (const { address, pubkey } of parseDerivedKeysDump(text)) {
    let dest;
    try {
      dest = decodeAddress(address, prefixes);
    } catch (e) {
      if (e instanceof DecodeError) return { code: -5, message: 'Invalid Bitcoin address' };
      throw e;
    }
    if (!isHex(pubkey) || !secp.publicKeyVerify(fromHex(pubkey))) return { code: -5, message: 'Invalid public key' };
    if (dest.type !== 'keyhash') return { code: -5, message: 'Invalid key id' };
    if (!validateDerivedKey(dest, fromHex(pubkey), contractTweak, secp)) {
      return { code: -32, message: 'Invalid key derivation when tweaking key with contract hash' };
    }
  }
  return undefined;
}
