/**
 * Key and scalar checks as libsecp256k1, `CKey` and `CPubKey` make them. Scalars are 32 bytes
 * big-endian, read like `secp256k1_scalar_set_b32`.
 */

/** The group order n, big-endian. */
const ORDER = Uint8Array.from([
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
  0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/** True when `b` is 32 bytes and below n (zero allowed: a blinding factor may be zero). */
export function isScalar(b: Uint8Array): boolean {
  if (b.length !== 32) return false;
  for (let i = 0; i < 32; i++) {
    if (b[i]! < ORDER[i]!) return true;
    if (b[i]! > ORDER[i]!) return false;
  }
  return false; // equal to n
}

/** True when `b` is a valid private key: 32 bytes, 0 < k < n (`CKey::Check`). */
export function isPrivateKey(b: Uint8Array): boolean {
  return isScalar(b) && b.some((x) => x !== 0);
}

/** True when all bytes are zero (`uint256::IsNull`). */
export function isZero32(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

/**
 * `CPubKey::IsValid`: the length matches the header byte (33 bytes for 02/03, 65 for 04/06/07). Says
 * nothing about the point; `IsFullyValid` (a parse) is `ConfidentialPrimitives.isValidPublicKey`.
 */
export function isPubkeySized(b: Uint8Array): boolean {
  if (b.length === 33) return b[0] === 0x02 || b[0] === 0x03;
  if (b.length === 65) return b[0] === 0x04 || b[0] === 0x06 || b[0] === 0x07;
  return false;
}
