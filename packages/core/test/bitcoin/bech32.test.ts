import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bech32Decode, bech32Encode, convertBits, decodeSegwitAddress, encodeSegwitAddress } from '../../src/bitcoin/bech32.js';
import { DecodeError } from '../../src/encoding/errors.js';
import { toHex } from '../../src/encoding/hex.js';

// BIP173 test vectors.
const VALID_CHECKSUM = [
  'A12UEL5L',
  'a12uel5l',
  'an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs',
  'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
  '11' + 'q'.repeat(82) + 'c8247j',
  'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
  '?1ezyfcl',
];
const INVALID_CHECKSUM = [
  '\x201nwldj5',
  '\x7f1axkwrx',
  '\x801eym55h',
  'an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx',
  'pzry9x0s0muk',
  '1pzry9x0s0muk',
  'x1b4n0q5v',
  'li1dgmt3',
  'de1lg7wt\xff',
  'A1G7SGD8',
  '10a06t8',
  '1qzzfhee',
];
const VALID_ADDRESS: [string, string][] = [
  ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', '0014751e76e8199196d454941c45d1b3a323f1433bd6'],
  ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', '00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262'],
  ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx', '5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6'],
  ['BC1SW50QA3JX3S', '6002751e'],
  ['bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj', '5210751e76e8199196d454941c45d1b3a323'],
  ['tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', '0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433'],
];
const INVALID_ADDRESS = [
  'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty',
  'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5',
  'BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2',
  'bc1rw5uspcuh',
  'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90',
  'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P',
  'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7',
  'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du',
  'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv',
  'bc1gmk9yu',
];

function scriptOf(version: number, program: Uint8Array): string {
  return toHex(Uint8Array.of(version === 0 ? 0 : 0x50 + version, program.length)) + toHex(program);
}

describe('bech32 (BIP173)', () => {
  test('valid checksums decode and re-encode (lower-cased)', () => {
    for (const s of VALID_CHECKSUM) {
      const d = bech32Decode(s);
      assert.equal(bech32Encode(d.hrp, d.data), s.toLowerCase(), s);
    }
  });

  test('invalid checksums are rejected', () => {
    for (const s of INVALID_CHECKSUM) assert.throws(() => bech32Decode(s), DecodeError, JSON.stringify(s));
  });

  test('valid segwit addresses decode to their scriptPubKey and re-encode', () => {
    for (const [addr, script] of VALID_ADDRESS) {
      const hrp = addr.slice(0, 2).toLowerCase();
      const d = decodeSegwitAddress(hrp, addr);
      assert.equal(scriptOf(d.version, d.program), script, addr);
      assert.equal(encodeSegwitAddress(hrp, d.version, d.program), addr.toLowerCase());
    }
  });

  test('invalid segwit addresses are rejected for both bc and tb', () => {
    for (const addr of INVALID_ADDRESS) {
      assert.throws(() => decodeSegwitAddress('bc', addr), DecodeError, addr);
      assert.throws(() => decodeSegwitAddress('tb', addr), DecodeError, addr);
    }
  });

  test('encode/decode round trip for random programs; a one-character change is always detected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.uint8Array({ minLength: 2, maxLength: 40 }), fc.nat(), (v, p, pos) => {
        const program = v === 0 ? (p.length >= 32 ? p.slice(0, 32) : p.length >= 20 ? p.slice(0, 20) : new Uint8Array(20)) : p;
        const addr = encodeSegwitAddress('bcrt', v, program);
        assert.equal(toHex(decodeSegwitAddress('bcrt', addr).program), toHex(program));
        const i = 5 + (pos % (addr.length - 5));
        const c = addr[i] === 'q' ? 'p' : 'q';
        assert.throws(() => decodeSegwitAddress('bcrt', addr.slice(0, i) + c + addr.slice(i + 1)), DecodeError);
      }),
    );
  });

  test('convertBits rejects non-zero padding', () => {
    assert.deepEqual(convertBits([0xff], 8, 5, true), [31, 28]);
    assert.throws(() => convertBits([31, 29], 5, 8, false), DecodeError);
    assert.deepEqual(convertBits([31, 28], 5, 8, false), [0xff]);
    assert.throws(() => convertBits([31, 28, 0], 5, 8, false), DecodeError);
  });
});
