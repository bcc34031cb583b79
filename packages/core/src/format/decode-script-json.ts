import { hash160 } from '../crypto/hash.js';
import { addressForDestination } from '../address/address.js';
import { JsonObject } from './json-object.js';
import { scriptPubKeyToJson } from './script-pubkey-json.js';
import type { TxJsonOptions } from './tx-json-options.js';

/**
 * The `decodescript` result: `scriptPubKeyToJson` without `hex`, plus `p2sh` (the P2SH address of
 * the script) unless the script already is P2SH.
 */
export function decodeScriptJson(script: Uint8Array, opts: TxJsonOptions): JsonObject {
  const out = scriptPubKeyToJson(script, opts, false);
  const type = out.get('type');
  if (typeof type === 'string' && type !== 'scripthash') {
    out.push('p2sh', addressForDestination({ type: 'scripthash', hash: hash160(script) }, opts.base58));
  }
  return out;
}
