/**
 * The onboarding (and blacklisting) output script an authority builds from a KYC file
 * (`CKYCFile::getOnboardingScript`, src/script/registeraddressscript.cpp; ocean-policy.md §5.4,
 * §6.5, §6.6). Entry order: all multisig entries, then the key/pubkey pairs, then bare addresses.
 *
 * - Unencrypted whitelist: `OP_REGISTERADDRESS [OP_1] PUSH(payload)` (v1 by default; 0xb6 to
 *   blacklist). With contract-in-tx and v1, pairs are written as bare P2PKH entries and multisig
 *   as bare P2SH entries; a v0 payload cannot carry bare addresses.
 * - Encrypted whitelist: a v0 payload, ECIES-encrypted from the KYC key to the user key, pushed as
 *   `KYCpub ‖ userPub ‖ hex-text(message)` after `OP_REGISTERADDRESS`.
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import { eciesEncrypt } from './ecies.js';
import { hexText, writeEncryptedOnboardPayload } from './encrypted-register-payload.js';
import type { KycAddressData } from './kyc-file.js';
import { registerAddressScript, writeRegisterPayload, type RegisterEntry } from './register-address-payload.js';

/** The onboarding script size limit (`Onboarding script size exceeds MAX_SCRIPT_SIZE`): 10 000 bytes. */
export const ONBOARDING_SCRIPT_MAX_SIZE = 10_000;

/**
 * The payload entries of a KYC file's addresses, in the writer's order (none for a file without
 * addresses). Undefined when the version cannot hold them (bare addresses in v0).
 */
export function onboardingEntries(data: KycAddressData, version: 0 | 1, contractInTx: boolean): RegisterEntry[] | undefined {
  const bareWrite = contractInTx && version === 1;
  const out: RegisterEntry[] = [];
  for (const ms of data.multisig) {
    out.push(bareWrite ? { kind: 'p2sh', scriptId: ms.scriptId } : { kind: 'multisig', m: ms.m, scriptId: ms.scriptId, pubkeys: ms.pubkeys });
  }
  for (const k of data.keys) out.push(bareWrite ? { kind: 'p2pkh', keyId: k.keyId } : { kind: 'derived', keyId: k.keyId, pubkey: k.pubkey });
  for (const d of data.bare) {
    if (version === 0) return undefined;
    out.push(d.type === 'keyhash' ? { kind: 'p2pkh', keyId: d.hash } : { kind: 'p2sh', scriptId: d.hash });
  }
  return out;
}

/** The unencrypted onboarding (or, with `deregister`, blacklisting) script; undefined when it cannot be built. */
export function plainOnboardingScript(data: KycAddressData, version: 0 | 1, contractInTx: boolean, deregister = false): Uint8Array | undefined {
  const entries = onboardingEntries(data, version, contractInTx);
  if (entries === undefined) return undefined;
  return registerAddressScript(writeRegisterPayload(entries, version), version, deregister);
}

/** What an encrypted onboarding needs besides the addresses. */
export interface EncryptedOnboardingKeys {
  readonly kycPrivateKey: Uint8Array;
  /** The KYC public key (compressed) written in front of the message. */
  readonly kycPubKey: Uint8Array;
  readonly userPubKey: Uint8Array;
  /** 16 fresh random bytes. */
  readonly iv: Uint8Array;
}

/** The encrypted onboarding script (always v0 entries, v0 script); undefined when it cannot be built. */
export function encryptedOnboardingScript(secp: Secp256k1, data: KycAddressData, k: EncryptedOnboardingKeys, contractInTx: boolean): Uint8Array | undefined {
  const entries = onboardingEntries(data, 0, contractInTx);
  if (entries === undefined) return undefined;
  const message = eciesEncrypt(secp, writeRegisterPayload(entries, 0), k.kycPrivateKey, k.userPubKey, k.iv);
  return registerAddressScript(writeEncryptedOnboardPayload(k.kycPubKey, k.userPubKey, message), 0);
}

/**
 * The script of `sendaddtowhitelisttx` / `sendaddmultitowhitelisttx`: the v0 entries encrypted
 * from `senderKey` (the key of a funding input) to the user's KYC key, pushed as hex text.
 */
export function encryptedAddAddressesScript(secp: Secp256k1, entries: readonly RegisterEntry[], senderKey: Uint8Array, kycPubKey: Uint8Array, iv: Uint8Array): Uint8Array {
  const message = eciesEncrypt(secp, writeRegisterPayload(entries, 0), senderKey, kycPubKey, iv);
  return registerAddressScript(hexText(message), 0);
}
