/**
 * Just enough bech32/bech32m (BIP173/BIP350) to move a segwit address to another human-readable
 * part: decode with checksum check, re-encode with the same checksum variant. (A full codec for
 * building addresses belongs in core.)
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32 = 1;
const BECH32M = 0x2bc830a3;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATORS[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

/** The HRP of a valid bech32/bech32m string, or undefined. */
export function bech32Hrp(address: string): string | undefined {
  return decode(address)?.hrp;
}

/** `address` re-encoded under `hrp` (same data and checksum variant), or undefined when invalid. */
export function bech32WithHrp(address: string, hrp: string): string | undefined {
  const d = decode(address);
  if (d === undefined) return undefined;
  const values = [...hrpExpand(hrp), ...d.data, 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ d.constant;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return hrp + '1' + [...d.data, ...checksum].map((v) => CHARSET[v]).join('');
}

function decode(address: string): { hrp: string; data: number[]; constant: number } | undefined {
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) return undefined;
  const s = address.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1 || sep + 7 > s.length || s.length > 90) return undefined;
  const hrp = s.slice(0, sep);
  const values: number[] = [];
  for (const c of s.slice(sep + 1)) {
    const v = CHARSET.indexOf(c);
    if (v < 0) return undefined;
    values.push(v);
  }
  const check = polymod([...hrpExpand(hrp), ...values]);
  if (check !== BECH32 && check !== BECH32M) return undefined;
  return { hrp, data: values.slice(0, -6), constant: check };
}
