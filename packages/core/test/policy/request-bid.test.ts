import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromDisplayHex, fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../src/primitives/confidential.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { OP } from '../../src/script/opcodes.js';
import { ScriptBuilder } from '../../src/script/script-builder.js';
import { solver } from '../../src/script/standard.js';
import { encodeRequestScript, parseRequestScript, requestFromSolutions, type RequestTerms } from '../../src/policy/request.js';
import { bidFromSolutions, encodeBidScript, findBid, parseBidScript } from '../../src/policy/bid.js';
import { compareBids, isBidValidFor, isRequestInAuctionAt, isRequestValidAt } from '../../src/policy/request-validity.js';
import { readJson } from '../support/vectors.js';

interface CorpusTx {
  chain: string;
  txid: string;
  kinds: string[];
  block_height: number;
  getrawtransaction_verbose: { vout?: { scriptPubKey: { hex: string }; request?: Record<string, unknown>; bid?: Record<string, unknown> }[] };
}
const corpus = readJson<{ transactions: CorpusTx[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;

const KEY = fromHex('0202652db913c67c1e14ecc3f035ef32e508d4e7c1758d405660ec95e61ba8b3f0');
const KEY2 = fromHex('03951ae5deaee1e4c2c04aca75fd32d0075b0b2dca491be9faa2735740ce90c542');

const lockedMultisig = (end: Uint8Array, keys: Uint8Array[]) => {
  const b = new ScriptBuilder().push(end).op(OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_DROP, OP.OP_1);
  for (const k of keys) b.push(k);
  return b.op(OP.OP_1 + keys.length - 1, OP.OP_CHECKMULTISIG).build();
};

describe('request scripts (ocean-policy.md §9.1)', () => {
  test('every corpus request output parses to the original’s request JSON', () => {
    let n = 0;
    for (const t of corpus) {
      for (const out of t.getrawtransaction_verbose.vout ?? []) {
        if (!out.request) continue;
        const r = parseRequestScript(fromHex(out.scriptPubKey.hex));
        assert.ok(r, t.txid);
        assert.equal(toDisplayHex(r.genesisHash), out.request['genesisBlock']);
        assert.equal(r.startBlockHeight, out.request['startBlockHeight']);
        assert.equal(r.numTickets, out.request['numTickets']);
        assert.equal(r.decayConst, out.request['decayConst']);
        assert.equal(r.feePercentage, out.request['feePercentage']);
        assert.equal(r.endBlockHeight, out.request['endBlockHeight']);
        assert.equal(Number(r.startPrice) / 1e8, out.request['startPrice']);
        // and the encoder rebuilds the same bytes
        assert.equal(toHex(encodeRequestScript(r)), out.scriptPubKey.hex);
        n++;
      }
    }
    assert.equal(n, 2);
  });

  test('encode → parse round trip', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        u32,
        u32,
        u32,
        u32,
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        (end, genesisHash, startBlockHeight, numTickets, decayConst, feePercentage, startPrice) => {
          const terms: RequestTerms = { endBlockHeight: end, targetPubKey: KEY, genesisHash, startBlockHeight, numTickets, decayConst, feePercentage, startPrice };
          const script = encodeRequestScript(terms);
          assert.equal(solver(script).type, 'lockedmultisig');
          assert.deepEqual(parseRequestScript(script), terms);
        },
      ),
    );
  });

  test('the end height is a data push even for 1…16 (as the reference builds it)', () => {
    const s = encodeRequestScript({ endBlockHeight: 5, targetPubKey: KEY, genesisHash: new Uint8Array(32), startBlockHeight: 1, numTickets: 1, decayConst: 1, feePercentage: 1, startPrice: 1n });
    assert.equal(toHex(s.subarray(0, 4)), '0105b175');
    assert.equal(parseRequestScript(s)?.endBlockHeight, 5);
  });

  test('bounds checks: fewer than three keys or a short terms key is not a request (defect fix, ADR 0022)', () => {
    const end = Uint8Array.of(49);
    assert.equal(parseRequestScript(lockedMultisig(end, [KEY])), undefined);
    assert.equal(parseRequestScript(lockedMultisig(end, [KEY, KEY2])), undefined);
    assert.ok(parseRequestScript(lockedMultisig(end, [KEY, KEY2, KEY])));
    // solutions the Solver never makes, but the parser must still not read past them
    assert.equal(requestFromSolutions([end, Uint8Array.of(1), KEY, KEY2, Uint8Array.of(3)]), undefined);
    assert.equal(requestFromSolutions([end, Uint8Array.of(1), KEY, new Uint8Array(10), new Uint8Array(33), Uint8Array.of(3)]), undefined);
    assert.equal(requestFromSolutions([end, Uint8Array.of(1), KEY, KEY2, new Uint8Array(24), Uint8Array.of(3)]), undefined);
    assert.equal(requestFromSolutions([]), undefined);
    // a truncated request script does not solve at all
    const full = encodeRequestScript({ endBlockHeight: 49, targetPubKey: KEY, genesisHash: new Uint8Array(32), startBlockHeight: 46, numTickets: 1, decayConst: 15, feePercentage: 6, startPrice: 1n });
    for (let cut = 0; cut < full.length; cut++) assert.equal(parseRequestScript(full.subarray(0, cut)), undefined, `cut at ${cut}`);
    // not a locked multisig: plain multisig, OP_n end height
    assert.equal(parseRequestScript(full.subarray(4)), undefined);
    assert.equal(parseRequestScript(Uint8Array.of(OP.OP_5, ...full.subarray(2))), undefined);
  });
});

describe('bid scripts (ocean-policy.md §9.2)', () => {
  test('corpus bids: the stake output parses; request txid and fee key as the original shows them', () => {
    let n = 0;
    for (const t of corpus.filter((x) => x.kinds.includes('bid'))) {
      const out = t.getrawtransaction_verbose.vout![0]!;
      const b = parseBidScript(fromHex(out.scriptPubKey.hex));
      assert.ok(b, t.txid);
      assert.equal(toHex(b.feePubKey), out.bid!['feePubKey']);
      assert.equal(b.lockHeight, 49);
      assert.equal(toHex(encodeBidScript(b.lockHeight, b.stakePubKey, b.requestTxid, b.feePubKey)), out.scriptPubKey.hex);
      assert.ok(['0393f844fbda7b5d11fdad488c002f3925498fc6ee1c6010ada3633f307f5d0e', '3f78bce38f9e188da8b8a6c1034aa175c9afcea7d0e8b3006ad981dfe5c24f59'].includes(toDisplayHex(b.requestTxid)));
      n++;
    }
    assert.equal(n, 3);
  });

  test('one- and two-key locked multisigs are not bids (defect fix, ADR 0022)', () => {
    const end = Uint8Array.of(21);
    assert.equal(parseBidScript(lockedMultisig(end, [KEY])), undefined);
    assert.equal(parseBidScript(lockedMultisig(end, [KEY, KEY2])), undefined);
    assert.equal(bidFromSolutions([end, Uint8Array.of(1), KEY, Uint8Array.of(1)]), undefined);
  });

  test('an invalid third key gives an empty fee key, like an invalid CPubKey', () => {
    const odd = new Uint8Array(33).fill(5);
    const b = parseBidScript(lockedMultisig(Uint8Array.of(60), [KEY, KEY2, odd]));
    assert.ok(b);
    assert.equal(b.feePubKey.length, 0);
  });

  test('findBid: the first explicit domain-asset locked multisig decides', () => {
    const domain = new Uint8Array(32).fill(7);
    const other = new Uint8Array(32).fill(8);
    const txid = fromDisplayHex('0393f844fbda7b5d11fdad488c002f3925498fc6ee1c6010ada3633f307f5d0e');
    const out = (asset: Uint8Array, value: bigint, script: Uint8Array) =>
      new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(value), ConfidentialNonce.NULL, script);
    const bidScript = encodeBidScript(60, KEY, txid, KEY2);
    const p2pkh = fromHex('76a914f04edc017546068c79f970ba7555694a2ba8afe188ac');
    const found = findBid([out(domain, 5n, p2pkh), out(other, 9n, bidScript), out(domain, 7n, bidScript)], domain);
    assert.ok(found);
    assert.equal(found.index, 2);
    assert.equal(found.stake, 7n);
    // a one-key locked multisig comes first: no bid (and no exception)
    const oneKey = lockedMultisig(Uint8Array.of(60), [KEY]);
    assert.equal(findBid([out(domain, 1n, oneKey), out(domain, 7n, bidScript)], domain), undefined);
    assert.equal(findBid([undefined, out(domain, 7n, bidScript)], domain)?.index, 1);
    // the lock height pushed with PUSHDATA1 is still a locked multisig for Solver
    const pushdata = Uint8Array.of(OP.OP_PUSHDATA1, 1, 60, ...bidScript.subarray(2));
    assert.equal(findBid([out(domain, 7n, pushdata)], domain)?.lockHeight, 60);
    assert.equal(findBid([], domain), undefined);
  });
});

describe('validity (ocean-policy.md §9.4)', () => {
  const request = { startBlockHeight: 46, confirmedBlockHeight: 44, endBlockHeight: 49, decayConst: 15, startPrice: 1_749_049_997n };
  const bid = (stake: bigint, confirmedBlockHeight = 45, lockHeight = 49, tx = 1) => ({ txid: new Uint8Array(32).fill(tx), stake, lockHeight, confirmedBlockHeight });

  test('request valid while end > h; in auction while start > h', () => {
    assert.ok(isRequestValidAt(request, 48));
    assert.ok(!isRequestValidAt(request, 49));
    assert.ok(isRequestInAuctionAt(request, 45));
    assert.ok(!isRequestInAuctionAt(request, 46));
  });

  test('bid: stake ≥ price at its confirmation, lock ≥ end, confirmed before start', () => {
    // price at 45 (t = 1) = 16.92629029
    assert.ok(isBidValidFor(request, bid(1_692_629_029n)));
    assert.ok(!isBidValidFor(request, bid(1_692_629_028n)));
    assert.ok(!isBidValidFor(request, bid(10n ** 10n, 45, 48)));
    assert.ok(!isBidValidFor(request, bid(10n ** 10n, 46)));
  });

  test('bid order: confirmation height, then higher stake, then txid', () => {
    const sorted = [bid(5n, 46, 49, 3), bid(9n, 45, 49, 2), bid(5n, 45, 49, 1), bid(5n, 45, 49, 0)].sort(compareBids);
    assert.deepEqual(sorted.map((b) => [b.confirmedBlockHeight, b.stake, b.txid[0]]), [[45, 9n, 2], [45, 5n, 0], [45, 5n, 1], [46, 5n, 3]]);
  });
});
