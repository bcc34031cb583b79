/**
 * `-validatepegin`'s Ethereum receipt check (consensus/eth-pegin.ts): the upstream vectors
 * `ethpegin_*.json` run as the original's `pegin_witness_tests.cpp` runs them (vectors README,
 * policy spec §10.4), plus mutations for every branch and a never-throws property.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  ERC20_TRANSFER_TOPIC,
  ETH_PEGIN_TOKEN_DIVISOR,
  EthPeginError,
  checkEthPeginReceipt,
  ethAddressFromPublicKey,
  hasEthPeginConfirmations,
  isValidEthPegin,
  type EthPeginContext,
  type EthPeginParams,
  type EthPeginResult,
} from '../../src/consensus/eth-pegin.js';
import { ChainParams } from '../../src/chain/chain-params.js';
import { DEFAULT_PARENT_CONTRACT } from '../../src/chain/chain-options.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { fromHex, reversed, toHex } from '../../src/encoding/hex.js';
import { readJson, sharedPath } from '../support/vectors.js';
import { secp } from './support/fixtures.js';

/** The unit-test fixture of the original (vectors README; policy spec §10.2 / §10.4). */
const CLAIM_PRIVKEY = fromHex('3ecb44df2159c26e0f995712d4f39b6f6e499b40749b1cf1246c37f9516cb6a4');
const CLAIM_ETH_ADDRESS = '8a40bfaa73256b60764c1bf40675a99083efb075';
const FEDPEG_ADDRESS = 'efff2561de5ba19d38071addddd9d434b9111160';
const PEGIN_AMOUNT = 3_999_900_000_000n;

const CLAIM_PUB_UNCOMPRESSED = secp.publicKeyCreate(CLAIM_PRIVKEY, false);
const CLAIM_PUB_COMPRESSED = secp.publicKeyCreate(CLAIM_PRIVKEY, true);

/** The chain the original's test runs on: default `-parentcontract`, the fixture's `-fedpegaddress`. */
const chain = ChainParams.fromOptionValues({ fedpegaddress: FEDPEG_ADDRESS });
/** `ConsensusParams` is used as-is: it satisfies `EthPeginParams` structurally. */
const params: EthPeginParams = chain.consensus;

type Receipt = Record<string, unknown> & { logs: Record<string, unknown>[] };
const VALID = (): Receipt => readJson<Receipt>('vectors', 'ocean', 'ethpegin_valid.json');
const LOG_BLOCK = 0x7246e6n;
/** The smallest tip that gives the default depth 8 enough confirmations: latest − block > 8 + 2. */
const FIRST_CONFIRMED_TIP = LOG_BLOCK + 11n;

const ctx = (over: Partial<EthPeginContext> = {}): EthPeginContext => ({ params, secp, latestBlockNumber: FIRST_CONFIRMED_TIP, ...over });
const check = (receipt: unknown, amount = PEGIN_AMOUNT, pub: Uint8Array = CLAIM_PUB_UNCOMPRESSED): EthPeginResult =>
  checkEthPeginReceipt(receipt, amount, pub, { params, secp });
const full = (receipt: unknown, over: Partial<EthPeginContext> = {}, amount = PEGIN_AMOUNT, pub: Uint8Array = CLAIM_PUB_UNCOMPRESSED): EthPeginResult =>
  isValidEthPegin(receipt, amount, pub, ctx(over));
const failure = (error: string): EthPeginResult => ({ ok: false, error }) as EthPeginResult;
const OK: EthPeginResult = { ok: true };

/** A copy of the valid receipt with its single log changed by `edit`. */
function withLog(edit: (log: Record<string, unknown>) => void): Receipt {
  const r = VALID();
  edit(r.logs[0]!);
  return r;
}
function withTopics(edit: (topics: unknown[]) => void): Receipt {
  return withLog((log) => edit(log['topics'] as unknown[]));
}
const word = (n: bigint): string => '0x' + n.toString(16).padStart(64, '0');

// --- building blocks ----------------------------------------------------------------------------

test('the Transfer topic is keccak256("Transfer(address,address,uint256)")', () => {
  assert.equal(toHex(keccak_256(new TextEncoder().encode('Transfer(address,address,uint256)'))), ERC20_TRANSFER_TOPIC);
  assert.equal(ETH_PEGIN_TOKEN_DIVISOR, 10n ** 10n);
});

test('ethAddressFromPublicKey: policy spec §10.2 vector, any key encoding, both secp backends', () => {
  const noble = new NobleSecp256k1();
  for (const backend of [secp, noble]) {
    for (const compressed of [false, true]) {
      const pub = backend.publicKeyCreate(CLAIM_PRIVKEY, compressed);
      assert.equal(toHex(ethAddressFromPublicKey(pub, backend)!), CLAIM_ETH_ADDRESS, `${backend.name} compressed=${compressed}`);
    }
  }
  // hybrid encoding (0x06/0x07 + x + y) of the same point
  const hybrid = CLAIM_PUB_UNCOMPRESSED.slice();
  hybrid[0] = 0x06 | (hybrid[64]! & 1);
  assert.equal(toHex(ethAddressFromPublicKey(hybrid, secp)!), CLAIM_ETH_ADDRESS);
  // invalid keys have no address (and do not throw)
  const notOnCurve = CLAIM_PUB_COMPRESSED.slice();
  notOnCurve[0] = 0x05;
  for (const bad of [new Uint8Array(0), CLAIM_PUB_COMPRESSED.subarray(1), notOnCurve, Uint8Array.of(2, ...new Uint8Array(32).fill(0xff))]) {
    assert.equal(ethAddressFromPublicKey(bad, secp), undefined);
    assert.equal(ethAddressFromPublicKey(bad, noble), undefined);
  }
});

test('byte orders of the fixture chain: -parentcontract stored reversed, -fedpegaddress as given', () => {
  assert.equal(toHex(params.parentContract), '9125b0bcb4998c97918c2fe22e0769c8e1976c07'); // chain spec §3.2
  assert.equal(toHex(reversed(params.parentContract)), DEFAULT_PARENT_CONTRACT.toLowerCase());
  assert.equal(toHex(params.fedpegAddress), FEDPEG_ADDRESS);
  assert.equal(params.peginConfirmationDepth, 8);
  // the receipt names the contract in plain Ethereum order (= the option text)
  assert.equal(VALID().logs[0]!['address'], '0x' + DEFAULT_PARENT_CONTRACT.toLowerCase());
});

// --- the upstream vectors -----------------------------------------------------------------------

const VECTORS: { file: string; amount: bigint; expected: EthPeginResult }[] = [
  { file: 'ethpegin_valid.json', amount: PEGIN_AMOUNT, expected: OK },
  { file: 'ethpegin_invalid1.json', amount: PEGIN_AMOUNT, expected: failure('Unexpected ERC-20 transfer topic hash') },
  { file: 'ethpegin_invalid2.json', amount: PEGIN_AMOUNT, expected: failure('Invalid CBT ERC-20 contract provided') },
  { file: 'ethpegin_invalid3.json', amount: PEGIN_AMOUNT, expected: failure('Invalid fegpeg destination address') },
  { file: 'ethpegin_invalid4.json', amount: 1n, expected: failure("Pegin amount and ERC-20 transaction amount don't match") },
  { file: 'ethpegin_invalid5.json', amount: PEGIN_AMOUNT, expected: failure('From address not matching claim_pubkey') },
  { file: 'ethpegin_invalid6.json', amount: PEGIN_AMOUNT, expected: failure('Invalid eth transaction') },
];

test('the vector table covers every ethpegin_*.json file', () => {
  const files = readdirSync(sharedPath('vectors', 'ocean')).filter((f) => f.startsWith('ethpegin_')).sort();
  assert.deepEqual(files, VECTORS.map((v) => v.file).sort());
});

for (const v of VECTORS) {
  test(`vector ${v.file} (amount ${v.amount}) → ${v.expected.ok ? 'valid' : v.expected.error}`, () => {
    const receipt = readJson<unknown>('vectors', 'ocean', v.file);
    for (const pub of [CLAIM_PUB_UNCOMPRESSED, CLAIM_PUB_COMPRESSED]) {
      assert.deepEqual(check(receipt, v.amount, pub), v.expected);
      // with enough confirmations the full rule gives the same answer
      assert.deepEqual(full(receipt, {}, v.amount, pub), v.expected);
    }
  });
}

test('ethpegin_invalid4.json is the valid receipt (the defect is the amount the runner passes)', () => {
  assert.deepEqual(readJson('vectors', 'ocean', 'ethpegin_invalid4.json'), VALID());
  assert.deepEqual(check(VALID(), 1n), failure(EthPeginError.AMOUNT));
});

test('error messages are the original strings verbatim', () => {
  assert.deepEqual(Object.values(EthPeginError).sort(), [
    'Eth Tx logs empty',
    'From address not matching claim_pubkey',
    'Invalid CBT ERC-20 contract provided',
    'Invalid eth transaction',
    'Invalid fegpeg destination address',
    "Pegin amount and ERC-20 transaction amount don't match",
    'Peg-in eth transaction needs more confirmations to be sent',
    'Unexpected ERC-20 transfer topic hash',
  ].sort());
});

// --- byte orders ----------------------------------------------------------------------------------

test('byte order matters: an unreversed -parentcontract or a reversed -fedpegaddress fails', () => {
  const unreversed = { ...params, parentContract: fromHex(DEFAULT_PARENT_CONTRACT) };
  assert.deepEqual(checkEthPeginReceipt(VALID(), PEGIN_AMOUNT, CLAIM_PUB_UNCOMPRESSED, { params: unreversed, secp }), failure(EthPeginError.CONTRACT));
  const reversedFedpeg = { ...params, fedpegAddress: reversed(params.fedpegAddress) };
  assert.deepEqual(checkEthPeginReceipt(VALID(), PEGIN_AMOUNT, CLAIM_PUB_UNCOMPRESSED, { params: reversedFedpeg, secp }), failure(EthPeginError.DESTINATION));
  // another -parentcontract option (parsed by the real option code) accepts a log of that contract
  const other = '1111111111222222222233333333334444444444';
  const otherChain = ChainParams.fromOptionValues({ fedpegaddress: FEDPEG_ADDRESS, parentcontract: other });
  const r = withLog((log) => (log['address'] = '0x' + other));
  assert.deepEqual(checkEthPeginReceipt(r, PEGIN_AMOUNT, CLAIM_PUB_UNCOMPRESSED, { params: otherChain.consensus, secp }), OK);
  assert.deepEqual(check(r), failure(EthPeginError.CONTRACT));
});

test('hex case does not matter (checksummed address, upper-case topics and data)', () => {
  const r = withLog((log) => {
    log['address'] = '0x076C97e1c869072eE22f8c91978C99B4bcB02591'; // EIP-55 form
    log['topics'] = (log['topics'] as string[]).map((t) => '0x' + t.slice(2).toUpperCase());
    log['data'] = '0x' + (log['data'] as string).slice(2).toUpperCase();
  });
  assert.deepEqual(check(r), OK);
});

test('only the low 20 bytes of the sender / recipient topics are compared (policy spec §10.4)', () => {
  const r = withTopics((t) => {
    t[1] = '0xffffffffffffffffffffffff' + CLAIM_ETH_ADDRESS;
    t[2] = '0x0123456789abcdef01234567' + FEDPEG_ADDRESS;
  });
  assert.deepEqual(check(r), OK);
});

// --- logs and topics ------------------------------------------------------------------------------

test('no logs → "Eth Tx logs empty"; logs of the wrong type → "Invalid eth transaction"', () => {
  const r = VALID();
  delete (r as Record<string, unknown>)['logs'];
  assert.deepEqual(check(r), failure(EthPeginError.LOGS_EMPTY));
  assert.deepEqual(check({ ...VALID(), logs: null }), failure(EthPeginError.LOGS_EMPTY));
  assert.deepEqual(check({ ...VALID(), logs: [] }), failure(EthPeginError.LOGS_EMPTY));
  for (const logs of ['0x', 1, {}, true]) assert.deepEqual(check({ ...VALID(), logs }), failure(EthPeginError.INVALID), JSON.stringify(logs));
});

test('a receipt that is not a JSON object → "Invalid eth transaction"', () => {
  for (const r of [null, undefined, 0, 'receipt', [], [VALID()], true]) assert.deepEqual(check(r), failure(EthPeginError.INVALID), String(r));
  // the geth error object `getethpegin` may return instead of a receipt has no logs
  assert.deepEqual(check({ code: -32000, message: 'not found' }), failure(EthPeginError.LOGS_EMPTY));
});

test('inherited properties are not read', () => {
  const proto = { logs: VALID().logs };
  assert.deepEqual(check(Object.create(proto) as unknown), failure(EthPeginError.LOGS_EMPTY));
});

test('a log that is not an object, or has no topics array → "Invalid eth transaction"', () => {
  for (const bad of [null, 'log', 7, []]) assert.deepEqual(check({ ...VALID(), logs: [bad] }), failure(EthPeginError.INVALID));
  for (const topics of [undefined, null, '0xddf2', {}]) {
    assert.deepEqual(check(withLog((log) => (log['topics'] = topics))), failure(EthPeginError.INVALID), String(topics));
  }
});

test('logs before the Transfer log are skipped: other events, anonymous events (no topics)', () => {
  const r = VALID();
  const transfer = r.logs[0]!;
  const approval = { ...transfer, topics: ['0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925', ...(transfer['topics'] as string[]).slice(1)] };
  const anonymous = { ...transfer, topics: [] };
  r.logs = [approval, anonymous, transfer];
  assert.deepEqual(check(r), OK);
  // only anonymous / other events → no Transfer
  r.logs = [approval, anonymous];
  assert.deepEqual(check(r), failure(EthPeginError.TRANSFER_TOPIC));
});

test('only the FIRST Transfer log is checked', () => {
  const r = VALID();
  const good = r.logs[0]!;
  const otherToken = { ...good, address: '0xbbbc97e1c869072ee22f8c91978c99b4bcb02591' };
  r.logs = [otherToken, good];
  assert.deepEqual(check(r), failure(EthPeginError.CONTRACT));
  r.logs = [good, otherToken];
  assert.deepEqual(check(r), OK);
});

test('a malformed topic0 (before or at the Transfer log) → "Invalid eth transaction"', () => {
  for (const t0 of [7, null, ERC20_TRANSFER_TOPIC, '0x' + ERC20_TRANSFER_TOPIC.slice(1), '0x' + ERC20_TRANSFER_TOPIC + '00', '0x' + 'zz' + ERC20_TRANSFER_TOPIC.slice(2)]) {
    assert.deepEqual(check(withTopics((t) => (t[0] = t0))), failure(EthPeginError.INVALID), String(t0));
  }
});

test('missing or malformed sender / recipient topics → "Invalid eth transaction", in check order', () => {
  assert.deepEqual(check(withTopics((t) => t.splice(2))), failure(EthPeginError.INVALID)); // no recipient
  assert.deepEqual(check(withTopics((t) => t.splice(1))), failure(EthPeginError.INVALID)); // topic0 only
  assert.deepEqual(check(withTopics((t) => (t[2] = '0x' + FEDPEG_ADDRESS))), failure(EthPeginError.INVALID)); // 20 bytes, not a 32-byte word
  assert.deepEqual(check(withTopics((t) => (t[1] = '0x' + 'g'.repeat(64)))), failure(EthPeginError.INVALID));
  // the sender is only read after contract, recipient and amount have passed
  const noSender = withTopics((t) => (t[1] = 42));
  assert.deepEqual(check(noSender), failure(EthPeginError.INVALID));
  assert.deepEqual(check(noSender, 1n), failure(EthPeginError.AMOUNT));
});

test('malformed address → "Invalid eth transaction"; another well-formed address → contract error', () => {
  for (const a of [undefined, null, 5, '076c97e1c869072ee22f8c91978c99b4bcb02591', '0x076c97e1c869072ee22f8c91978c99b4bcb025', '0x076c97e1c869072ee22f8c91978c99b4bcb0259', '0x076c97e1c869072ee22f8c91978c99b4bcb02591ff', '0xX76c97e1c869072ee22f8c91978c99b4bcb02591']) {
    assert.deepEqual(check(withLog((log) => (log['address'] = a))), failure(EthPeginError.INVALID), String(a));
  }
  assert.deepEqual(check(withLog((log) => (log['address'] = '0x' + '00'.repeat(20)))), failure(EthPeginError.CONTRACT));
});

// --- amount ---------------------------------------------------------------------------------------

test('amount: token units integer-divided by 10^10; the sub-base-unit remainder is ignored', () => {
  const units = PEGIN_AMOUNT * ETH_PEGIN_TOKEN_DIVISOR;
  assert.equal(word(units), VALID().logs[0]!['data']);
  const withData = (n: bigint) => withLog((log) => (log['data'] = word(n)));
  assert.deepEqual(check(withData(units + ETH_PEGIN_TOKEN_DIVISOR - 1n)), OK); // not divisible: truncated
  assert.deepEqual(check(withData(units + ETH_PEGIN_TOKEN_DIVISOR)), failure(EthPeginError.AMOUNT));
  assert.deepEqual(check(withData(units - 1n)), failure(EthPeginError.AMOUNT));
  assert.deepEqual(check(VALID(), PEGIN_AMOUNT + 1n), failure(EthPeginError.AMOUNT));
  assert.deepEqual(check(VALID(), PEGIN_AMOUNT - 1n), failure(EthPeginError.AMOUNT));
  assert.deepEqual(check(VALID(), -PEGIN_AMOUNT), failure(EthPeginError.AMOUNT));
  // the full 256-bit range is handled (no overflow, no throw)
  assert.deepEqual(check(withData((1n << 256n) - 1n)), failure(EthPeginError.AMOUNT));
  assert.deepEqual(check(withData((1n << 256n) - 1n), ((1n << 256n) - 1n) / ETH_PEGIN_TOKEN_DIVISOR), OK);
  assert.deepEqual(check(withData(0n), 0n), OK);
  assert.deepEqual(check(withData(ETH_PEGIN_TOKEN_DIVISOR - 1n), 0n), OK);
});

test('malformed data → "Invalid eth transaction"', () => {
  const units = (PEGIN_AMOUNT * ETH_PEGIN_TOKEN_DIVISOR).toString(16);
  for (const d of [undefined, null, 39999000000000000000000, '0x' + units, '0x', units.padStart(64, '0'), '0x' + units.padStart(62, '0'), '0x' + units.padStart(66, '0'), '0x' + units.padStart(64, '0') + '00', '0x' + 'q'.repeat(64)]) {
    assert.deepEqual(check(withLog((log) => (log['data'] = d))), failure(EthPeginError.INVALID), String(d));
  }
});

// --- sender / claim key ---------------------------------------------------------------------------

test('sender must be the Ethereum address of the claim key', () => {
  const otherKey = secp.publicKeyCreate(fromHex('11'.repeat(32)), true);
  assert.deepEqual(check(VALID(), PEGIN_AMOUNT, otherKey), failure(EthPeginError.FROM));
  // a log sent from the other key's address is accepted for that key
  const otherAddr = toHex(ethAddressFromPublicKey(otherKey, secp)!);
  const r = withTopics((t) => (t[1] = '0x' + '00'.repeat(12) + otherAddr));
  assert.deepEqual(check(r, PEGIN_AMOUNT, otherKey), OK);
  assert.deepEqual(check(r), failure(EthPeginError.FROM));
});

test('an unparsable claim key matches no sender → "From address not matching claim_pubkey" (no throw)', () => {
  for (const bad of [new Uint8Array(0), new Uint8Array(33), Uint8Array.of(2, ...new Uint8Array(32).fill(0xff)), CLAIM_PUB_UNCOMPRESSED.subarray(0, 64)]) {
    assert.deepEqual(check(VALID(), PEGIN_AMOUNT, bad), failure(EthPeginError.FROM));
  }
});

// --- confirmations ----------------------------------------------------------------------------------

test('confirmations: latest − log.blockNumber > peginconfirmationdepth + 2', () => {
  assert.deepEqual(full(VALID(), { latestBlockNumber: FIRST_CONFIRMED_TIP }), OK);
  assert.deepEqual(full(VALID(), { latestBlockNumber: FIRST_CONFIRMED_TIP + 1_000_000n }), OK);
  for (const tip of [FIRST_CONFIRMED_TIP - 1n, LOG_BLOCK, LOG_BLOCK - 1n, 0n]) {
    assert.deepEqual(full(VALID(), { latestBlockNumber: tip }), failure(EthPeginError.CONFIRMATIONS), String(tip));
  }
  // the depth comes from the params (-peginconfirmationdepth)
  const depth0 = { ...params, peginConfirmationDepth: 0 };
  assert.deepEqual(full(VALID(), { params: depth0, latestBlockNumber: LOG_BLOCK + 3n }), OK);
  assert.deepEqual(full(VALID(), { params: depth0, latestBlockNumber: LOG_BLOCK + 2n }), failure(EthPeginError.CONFIRMATIONS));
  const fromOption = ChainParams.fromOptionValues({ fedpegaddress: FEDPEG_ADDRESS, peginconfirmationdepth: '20' }).consensus;
  assert.deepEqual(full(VALID(), { params: fromOption, latestBlockNumber: LOG_BLOCK + 22n }), failure(EthPeginError.CONFIRMATIONS));
  assert.deepEqual(full(VALID(), { params: fromOption, latestBlockNumber: LOG_BLOCK + 23n }), OK);
  assert.equal(hasEthPeginConfirmations(100n, 111n, 8), true);
  assert.equal(hasEthPeginConfirmations(100n, 110n, 8), false);
});

test("confirmations are counted from the Transfer log's blockNumber", () => {
  const r = VALID();
  r['blockNumber'] = '0x0'; // the receipt's own field is not used
  assert.deepEqual(full(r), OK);
  const later = withLog((log) => (log['blockNumber'] = '0x' + (LOG_BLOCK + 1n).toString(16)));
  assert.deepEqual(full(later), failure(EthPeginError.CONFIRMATIONS));
});

test('confirmations are checked last', () => {
  assert.deepEqual(full(VALID(), { latestBlockNumber: 0n }, PEGIN_AMOUNT, secp.publicKeyCreate(fromHex('11'.repeat(32)), true)), failure(EthPeginError.FROM));
  assert.deepEqual(full(readJson('vectors', 'ocean', 'ethpegin_invalid1.json'), { latestBlockNumber: 0n }), failure(EthPeginError.TRANSFER_TOPIC));
});

test('missing or malformed log.blockNumber → "Invalid eth transaction" (only the full check reads it)', () => {
  for (const bn of [undefined, null, 7489254, '0x', '7246e6', '0x7246g6', '0x' + '1'.repeat(65)]) {
    const r = withLog((log) => (log['blockNumber'] = bn));
    assert.deepEqual(full(r), failure(EthPeginError.INVALID), String(bn));
    assert.deepEqual(check(r), OK);
  }
  // non-minimal but well-formed quantities are read as numbers
  assert.deepEqual(full(withLog((log) => (log['blockNumber'] = '0x007246e6'))), OK);
});

// --- robustness ---------------------------------------------------------------------------------

const MESSAGES = new Set<string>(Object.values(EthPeginError));
function wellFormedResult(r: EthPeginResult): boolean {
  return r.ok || MESSAGES.has(r.error);
}

test('property: arbitrary JSON never throws and yields ok or one of the original messages', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.bigInt({ min: 0n, max: 1n << 70n }), (json, tip) => {
      assert.ok(wellFormedResult(full(json, { latestBlockNumber: tip })));
      assert.ok(wellFormedResult(full({ logs: json }, { latestBlockNumber: tip })));
      assert.ok(wellFormedResult(full({ logs: [json] }, { latestBlockNumber: tip })));
    }),
    { numRuns: 300 },
  );
});

test('property: replacing any one field of the Transfer log never throws', () => {
  const keys = ['address', 'topics', 'data', 'blockNumber', 'removed'];
  fc.assert(
    fc.property(fc.constantFrom(...keys), fc.jsonValue(), fc.nat({ max: 3 }), (key, value, topicIndex) => {
      const r1 = withLog((log) => (log[key] = value));
      assert.ok(wellFormedResult(full(r1)));
      const r2 = withTopics((t) => (t[topicIndex] = value));
      assert.ok(wellFormedResult(full(r2)));
    }),
    { numRuns: 300 },
  );
});
