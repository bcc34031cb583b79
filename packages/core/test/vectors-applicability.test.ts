/**
 * Which upstream unit-test data files (shared/vectors/ocean, a copy of commerceblock/ocean
 * src/test/data) apply to Ocean, and — for those that do not — WHY, asserted mechanically so the
 * test fails as soon as a claim stops being true (vectors README, "Read this first").
 *
 * Every file in the folder except README.md must have a row in `TABLE`; a new file fails the
 * completeness test until someone classifies it.
 *
 * Not applicable: the transaction hex strings of `sighash.json`, `tx_valid.json`, `tx_invalid.json`
 * and of the `ocean-tx` input/expected-output files are in the plain Bitcoin layout or in an older
 * Elements layout with an extra 8-byte field right after the 32-bit version; NONE of them decodes
 * with the Ocean codec (`Transaction.decode`, serialization spec §4). The layout of each is
 * fingerprinted with a small Bitcoin-layout parser below (exact counts measured at the time of
 * writing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Transaction } from '../src/primitives/transaction.js';
import { DecodeError } from '../src/encoding/errors.js';
import { fromHex, toDisplayHex, toHex } from '../src/encoding/hex.js';
import { sha256d } from '../src/crypto/hash.js';
import { readJson, readText, sharedPath } from './support/vectors.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const VECTORS_DIR = sharedPath('vectors', 'ocean');

/** Where each applicable family is exercised (paths relative to the repository root). */
const BASE58_TEST = 'packages/core/test/address/base58-vectors.test.ts';
const SCRIPT_TEST = 'packages/core/test/script/script-tests.test.ts';
const ETH_PEGIN_TEST = 'packages/core/test/consensus/eth-pegin.test.ts';
const OCEAN_TX_TEST = 'packages/cli/test/ocean-tx-util.test.ts';

/** Layout fingerprint of a transaction hex string (see `layoutOf`). */
type Layout = 'bitcoin' | 'elements-8' | 'other';
type LayoutCounts = Partial<Record<Layout, number>>;

type Row =
  /** Applies (possibly partly); exercised by `coveredBy`, which names the file. */
  | { readonly applies: true; readonly coveredBy: string; readonly why: string }
  /** Record files whose transactions are not Ocean transactions. */
  | { readonly applies: false; readonly kind: 'tx-records' | 'sighash'; readonly records: number; readonly layouts: LayoutCounts; readonly why: string }
  /** `ocean-tx` input / expected output: one transaction in hex. */
  | { readonly applies: false; readonly kind: 'tx-hex'; readonly layout: Layout; readonly why: string }
  /** `ocean-tx` expected JSON output: decoded transaction with `txid` and `hex`. */
  | { readonly applies: false; readonly kind: 'tx-json'; readonly layout: Layout; readonly why: string };

const base58 = (): Row => ({ applies: true, coveredBy: BASE58_TEST, why: 'Base58(Check)/WIF/parent-chain versions are Bitcoin-compatible (README: active)' });
const ethPegin = (): Row => ({ applies: true, coveredBy: ETH_PEGIN_TEST, why: 'Ocean-specific receipt vectors (README: active)' });
const HEX_WHY = 'ocean-tx input/expected output in a non-Ocean layout; used only after conversion by ' + OCEAN_TX_TEST;
const txHex = (layout: Layout): Row => ({ applies: false, kind: 'tx-hex', layout, why: HEX_WHY });
const txJson = (): Row => ({ applies: false, kind: 'tx-json', layout: 'bitcoin', why: HEX_WHY });

const TABLE: Readonly<Record<string, Row>> = {
  'base58_encode_decode.json': base58(),
  'base58_keys_invalid.json': base58(),
  'base58_keys_valid.json': base58(),
  'script_tests.json': { applies: true, coveredBy: SCRIPT_TEST, why: 'interpreter semantics Ocean kept from Bitcoin (runner disabled upstream; deviations handled there)' },
  'bitcoin-util-test.json': { applies: true, coveredBy: OCEAN_TX_TEST, why: 'ocean-tx argument/error cases; expected transactions are stale and converted there' },
  'ethpegin_valid.json': ethPegin(),
  'ethpegin_invalid1.json': ethPegin(),
  'ethpegin_invalid2.json': ethPegin(),
  'ethpegin_invalid3.json': ethPegin(),
  'ethpegin_invalid4.json': ethPegin(),
  'ethpegin_invalid5.json': ethPegin(),
  'ethpegin_invalid6.json': ethPegin(),

  'sighash.json': { applies: false, kind: 'sighash', records: 500, layouts: { 'elements-8': 500 }, why: 'old-Elements transactions and sighash algorithm (runner disabled upstream)' },
  'tx_valid.json': { applies: false, kind: 'tx-records', records: 118, layouts: { bitcoin: 65, 'elements-8': 53 }, why: 'Bitcoin / old-Elements transactions (runner disabled upstream)' },
  'tx_invalid.json': { applies: false, kind: 'tx-records', records: 80, layouts: { bitcoin: 33, 'elements-8': 47 }, why: 'Bitcoin / old-Elements transactions (runner disabled upstream)' },

  'blanktxv1.hex': txHex('other'), // 20 bytes (README)
  'blanktxv2.hex': txHex('bitcoin'), // the 10-byte Bitcoin empty transaction (README)
  'tt-delin1-out.hex': txHex('elements-8'),
  'tt-delout1-out.hex': txHex('elements-8'),
  'tt-locktime317000-out.hex': txHex('elements-8'),
  'tx394b54bb.hex': txHex('elements-8'),
  'txcreate1.hex': txHex('elements-8'),
  'txcreate2.hex': txHex('other'),
  'txcreatedata1.hex': txHex('elements-8'),
  'txcreatedata2.hex': txHex('elements-8'),
  'txcreatedata_seq0.hex': txHex('bitcoin'),
  'txcreatedata_seq1.hex': txHex('bitcoin'),
  'txcreatemultisig1.hex': txHex('bitcoin'),
  'txcreatemultisig2.hex': txHex('bitcoin'),
  'txcreatemultisig3.hex': txHex('bitcoin'),
  'txcreatemultisig4.hex': txHex('bitcoin'),
  'txcreateoutpubkey1.hex': txHex('bitcoin'),
  'txcreateoutpubkey2.hex': txHex('bitcoin'),
  'txcreateoutpubkey3.hex': txHex('bitcoin'),
  'txcreatescript1.hex': txHex('bitcoin'),
  'txcreatescript2.hex': txHex('bitcoin'),
  'txcreatescript3.hex': txHex('bitcoin'),
  'txcreatescript4.hex': txHex('bitcoin'),
  'txcreatesignv1.hex': txHex('elements-8'),
  'txcreatesignv2.hex': txHex('bitcoin'),

  'blanktxv1.json': txJson(),
  'blanktxv2.json': txJson(),
  'tt-delin1-out.json': txJson(),
  'tt-delout1-out.json': txJson(),
  'tt-locktime317000-out.json': txJson(),
  'txcreate1.json': txJson(),
  'txcreate2.json': txJson(),
  'txcreatedata1.json': txJson(),
  'txcreatedata2.json': txJson(),
  'txcreatedata_seq0.json': txJson(),
  'txcreatedata_seq1.json': txJson(),
  'txcreatemultisig1.json': txJson(),
  'txcreatemultisig2.json': txJson(),
  'txcreatemultisig3.json': txJson(),
  'txcreatemultisig4.json': txJson(),
  'txcreateoutpubkey1.json': txJson(),
  'txcreateoutpubkey2.json': txJson(),
  'txcreateoutpubkey3.json': txJson(),
  'txcreatescript1.json': txJson(),
  'txcreatescript2.json': txJson(),
  'txcreatescript3.json': txJson(),
  'txcreatescript4.json': txJson(),
  'txcreatesignv1.json': txJson(),
};

// --- helpers --------------------------------------------------------------------------------------

/** Does `hex` decode as an Ocean transaction whose re-encoding is the same bytes? Non-DecodeErrors are bugs. */
function oceanDecode(hex: string): Transaction | undefined {
  let tx: Transaction;
  try {
    tx = Transaction.decode(fromHex(hex));
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
  return tx;
}

/** A Bitcoin-layout transaction (optionally with segwit marker/flag) fills exactly `b` from `start`. */
function fitsBitcoinBody(b: Uint8Array, start: number): boolean {
  const body = (p: number, witness: boolean): boolean => {
    const compact = (): number => {
      const f = b[p++];
      if (f === undefined) throw new RangeError('eof');
      if (f < 0xfd) return f;
      const n = f === 0xfd ? 2 : f === 0xfe ? 4 : 8;
      let v = 0;
      for (let i = 0; i < n; i++) v += (b[p++] ?? NaN) * 2 ** (8 * i);
      if (!Number.isSafeInteger(v)) throw new RangeError('count');
      return v;
    };
    const skip = (n: number): void => {
      p += n;
      if (p > b.length) throw new RangeError('eof');
    };
    try {
      const nIn = compact();
      for (let i = 0; i < nIn; i++) {
        skip(36);
        skip(compact());
        skip(4);
      }
      const nOut = compact();
      for (let i = 0; i < nOut; i++) {
        skip(8);
        skip(compact());
      }
      if (witness) {
        for (let i = 0; i < nIn; i++) {
          const items = compact();
          for (let j = 0; j < items; j++) skip(compact());
        }
      }
      skip(4);
      return p === b.length;
    } catch {
      return false;
    }
  };
  return body(start, false) || (b[start] === 0 && b[start + 1] === 1 && body(start + 2, true));
}

/**
 * `bitcoin`: the Bitcoin layout (version | [00 01] | vin | vout | [witness] | locktime);
 * `elements-8`: the same with an extra 8-byte field after the version; `other`: neither.
 */
function layoutOf(hex: string): Layout {
  const b = fromHex(hex);
  const btc = fitsBitcoinBody(b, 4);
  const el = fitsBitcoinBody(b, 12);
  assert.ok(!(btc && el), `ambiguous layout: ${hex}`);
  return btc ? 'bitcoin' : el ? 'elements-8' : 'other';
}

function countLayouts(hexes: readonly string[]): LayoutCounts {
  const out: LayoutCounts = {};
  for (const h of hexes) {
    const l = layoutOf(h);
    out[l] = (out[l] ?? 0) + 1;
  }
  return out;
}

/** The transaction hex strings of a record file. */
function recordHexes(file: string, kind: 'tx-records' | 'sighash'): string[] {
  const rows = readJson<unknown[][]>('vectors', 'ocean', file);
  if (kind === 'sighash') {
    // header comment, then [raw tx, script, input index, hashType, expected sighash]
    assert.equal(rows[0]!.length, 1);
    return rows.slice(1).map((r) => {
      assert.equal(r.length, 5);
      return r[0] as string;
    });
  }
  // ["comment"] rows, or [[prevouts…], tx hex, flags]
  return rows.filter((r) => Array.isArray(r[0])).map((r) => {
    assert.equal(r.length, 3);
    return r[1] as string;
  });
}

function assertNoneDecode(file: string, hexes: readonly string[]): void {
  const decoded = hexes.filter((h) => oceanDecode(h) !== undefined);
  assert.deepEqual(decoded, [], `${file}: ${decoded.length} of ${hexes.length} transactions decode as Ocean`);
}

// --- completeness ---------------------------------------------------------------------------------

test('every file in shared/vectors/ocean (except README.md) is classified, and nothing else', () => {
  const files = readdirSync(VECTORS_DIR).filter((f) => f !== 'README.md').sort();
  assert.deepEqual(files, Object.keys(TABLE).sort());
  assert.equal(files.length, 63); // README: "63 files"
});

test('positive control: the Ocean codec does decode the Ocean empty transaction (README)', () => {
  const tx = oceanDecode('0100000000000000000000');
  assert.ok(tx);
  assert.equal(toHex(tx.toBytes()), '0100000000000000000000');
  assert.equal(toDisplayHex(tx.txid), '31215b19260474d41c0627778e2ccf5a3974551ca396e2a9bb9dea5209251061');
  // …and the Bitcoin empty transaction (no flags byte) does not
  assert.equal(oceanDecode('01000000000000000000'), undefined);
});

test('in total, none of the 746 transaction hex strings in the folder decodes as Ocean', () => {
  let total = 0;
  let decoded = 0;
  for (const [file, row] of Object.entries(TABLE)) {
    if (row.applies) continue;
    const hexes =
      row.kind === 'tx-hex' ? [readText('vectors', 'ocean', file).trim()] : row.kind === 'tx-json' ? [readJson<{ hex: string }>('vectors', 'ocean', file).hex] : recordHexes(file, row.kind);
    total += hexes.length;
    decoded += hexes.filter((h) => oceanDecode(h) !== undefined).length;
  }
  assert.equal(total, 500 + 118 + 80 + 25 + 23);
  assert.equal(decoded, 0);
});

// --- one test per file ------------------------------------------------------------------------------

const utilCases = readJson<{ input?: string; output_cmp?: string }[]>('vectors', 'ocean', 'bitcoin-util-test.json');
const utilRefs = new Set(utilCases.flatMap((c) => [c.input, c.output_cmp]).filter((f): f is string => f !== undefined));

for (const [file, row] of Object.entries(TABLE)) {
  if (row.applies) {
    test(`${file}: applies — exercised by ${row.coveredBy}`, () => {
      const path = join(REPO, row.coveredBy);
      assert.ok(existsSync(path), `${row.coveredBy} is missing`);
      assert.ok(readFileSync(path, 'utf8').includes(file), `${row.coveredBy} does not name ${file}`);
    });
    continue;
  }
  switch (row.kind) {
    case 'sighash':
    case 'tx-records':
      test(`${file}: not Ocean — ${row.records} transactions, ${JSON.stringify(row.layouts)}, none decodes as Ocean`, () => {
        const hexes = recordHexes(file, row.kind);
        assert.equal(hexes.length, row.records);
        assertNoneDecode(file, hexes);
        assert.deepEqual(countLayouts(hexes), row.layouts);
        if (row.kind === 'sighash') {
          // the old Elements field is all zero here: the Ocean codec reads it as flags 0, no inputs,
          // no outputs, lock time 0 — an 11-byte empty transaction followed by trailing bytes
          assert.equal(hexes.filter((h) => h.slice(8, 24) === '0'.repeat(16)).length, row.records);
        }
      });
      break;
    case 'tx-hex':
      test(`${file}: not Ocean — ${row.layout} layout, does not decode as Ocean`, () => {
        const hex = readText('vectors', 'ocean', file).trim();
        assertNoneDecode(file, [hex]);
        assert.equal(layoutOf(hex), row.layout);
        assert.ok(utilRefs.has(file), `${file} is not referenced by bitcoin-util-test.json`);
        if (file === 'blanktxv1.hex') assert.equal(hex.length / 2, 20);
        if (file === 'blanktxv2.hex') assert.equal(hex, '02000000000000000000');
      });
      break;
    case 'tx-json':
      test(`${file}: not Ocean — its hex is a Bitcoin transaction (txid = Bitcoin txid), does not decode as Ocean`, () => {
        const json = readJson<{ txid: string; hex: string }>('vectors', 'ocean', file);
        assertNoneDecode(file, [json.hex]);
        assert.equal(layoutOf(json.hex), row.layout);
        // the claimed txid is SHA256d of the whole hex, i.e. the txid of a non-witness Bitcoin tx
        assert.equal(toDisplayHex(sha256d(fromHex(json.hex))), json.txid);
        assert.ok(utilRefs.has(file), `${file} is not referenced by bitcoin-util-test.json`);
      });
      break;
  }
}
