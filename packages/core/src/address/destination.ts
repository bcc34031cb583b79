import { assert } from '../encoding/errors.js';
import { concatBytes } from '../encoding/hex.js';

import type { Destination } from '../script/standard.js';

/** `GetScriptForDestination`: P2PKH `76 a9 14 <h> 88 ac` or P2SH `a9 14 <h> 87`. */
export function scriptForDestination(dest: Destination): Uint8Array {
  assert(dest.hash.length === 20, 'destination hash must be 20 bytes');
  if (dest.type === 'keyhash') return concatBytes(new Uint8Array([0x76, 0xa9, 0x14]), dest.hash, new Uint8Array([0x88, 0xac]));
  return concatBytes(new Uint8Array([0xa9, 0x14]), dest.hash, new Uint8Array([0x87]));
}
