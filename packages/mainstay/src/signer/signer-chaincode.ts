/**
 * Which chaincode tweaks this signer's base key (spec §1.2–1.3): chaincodes are listed in the order
 * of the `initScript` public keys, so a Profile A signer finds its own key in the script and takes
 * the chaincode at that position.
 */
import { bytesEqual, fromHex, isHex, toHex, type Secp256k1 } from '@ocean-ts/core';
import { parseChaincode, parseChaincodes } from '../crypto/chaincodes.js';
import { parseRedeemScript } from '../crypto/redeem-script.js';
import { KeySourceError } from './key-source.js';

/** The chaincode of the signer whose base public key is passed, looked up in `initScript`. */
export function chaincodeFromScript(secp: Secp256k1, initScriptHex: string, chaincodes: string | readonly string[]): (basePublicKey: Uint8Array) => Uint8Array {
  if (initScriptHex.length % 2 !== 0 || !isHex(initScriptHex)) throw new KeySourceError('initScript is not hex');
  const script = parseRedeemScript(secp, fromHex(initScriptHex));
  const codes = parseChaincodes(chaincodes, script.n);
  const pubkeys = script.pubkeys.map((k) => secp.publicKeyConvert(k, true));
  return (basePublicKey) => {
    const compressed = secp.publicKeyConvert(basePublicKey, true);
    const index = pubkeys.findIndex((k) => bytesEqual(k, compressed));
    if (index < 0) throw new KeySourceError(`this signer's base key ${toHex(compressed)} is not one of the initScript public keys`);
    return codes[index]!;
  };
}

/** A single chaincode given directly (`-chaincode`, Profile B `initChaincode`). */
export function singleChaincode(hex: string): Uint8Array {
  return parseChaincode(hex);
}
