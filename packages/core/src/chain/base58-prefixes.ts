/** Base58 version bytes of a chain (chain spec §2.1). */
export interface Base58Prefixes {
  /** P2PKH address version. */
  readonly pubkeyAddress: number;
  /** P2SH address version. */
  readonly scriptAddress: number;
  /** Outer version of blinded (confidential) addresses. */
  readonly blindedAddress: number;
  /** "Extended" address version, decoded like a P2PKH key id. */
  readonly extendedAddress: number;
  /** WIF private key version. */
  readonly secretKey: number;
  /** BIP32 xpub prefix (4 bytes). */
  readonly extPublicKey: Uint8Array;
  /** BIP32 xprv prefix (4 bytes). */
  readonly extSecretKey: Uint8Array;
  /** Parent-chain P2PKH version (peg RPCs). */
  readonly parentPubkeyAddress: number;
  /** Parent-chain P2SH version (peg RPCs). */
  readonly parentScriptAddress: number;
}

/** The custom class (`ocean_test`, `elementsregtest`, any other name). */
export const CUSTOM_BASE58: Base58Prefixes = Object.freeze({
  pubkeyAddress: 235,
  scriptAddress: 75,
  blindedAddress: 4,
  extendedAddress: 5,
  secretKey: 239,
  extPublicKey: new Uint8Array([0x04, 0x35, 0x87, 0xcf]),
  extSecretKey: new Uint8Array([0x04, 0x35, 0x83, 0x94]),
  parentPubkeyAddress: 111,
  parentScriptAddress: 196,
});

/** `ocean_main`. */
export const MAIN_BASE58: Base58Prefixes = Object.freeze({
  pubkeyAddress: 28,
  scriptAddress: 87,
  blindedAddress: 11,
  extendedAddress: 12,
  secretKey: 128,
  extPublicKey: new Uint8Array([0x04, 0x88, 0xb2, 0x1e]),
  extSecretKey: new Uint8Array([0x04, 0x88, 0xad, 0xe4]),
  parentPubkeyAddress: 0,
  parentScriptAddress: 5,
});

/** `gold_main`. */
export const GOLD_BASE58: Base58Prefixes = Object.freeze({
  pubkeyAddress: 38,
  scriptAddress: 97,
  blindedAddress: 13,
  extendedAddress: 14,
  secretKey: 180,
  extPublicKey: new Uint8Array([0x04, 0x35, 0x87, 0xcf]),
  extSecretKey: new Uint8Array([0x04, 0x35, 0x83, 0x94]),
  parentPubkeyAddress: 111,
  parentScriptAddress: 196,
});
