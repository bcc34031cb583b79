import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { fromHex } from '@ocean-ts/core';
import { ApiMessages as M } from '../../src/api/api-messages.js';
import { encodeCommitmentEnvelope } from '../../src/clients/commitment-envelope.js';
import { signCommitment } from '../../src/clients/commitment-signature.js';
import type { MemoryMainstayStore } from '../../src/store/memory-store.js';
import {
  errorMessage,
  FIXED_NOW,
  http,
  loadFixtureStore,
  okPayload,
  signatureVectors,
  Slots,
  startApi,
  testSecp,
  tokenOf,
  type HttpResult,
  type RunningApi,
} from './support/api-fixture.js';

const [vecA, vecB] = signatureVectors() as [ReturnType<typeof signatureVectors>[number], ReturnType<typeof signatureVectors>[number]];
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const hex = (c: string, n = 64): string => c.repeat(n);
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe('POST /api/v1/commitment/send', () => {
  let api: RunningApi;
  let store: MemoryMainstayStore;
  before(async () => {
    store = await loadFixtureStore();
    api = await startApi(store);
  });
  after(() => api.close());

  /** Format (a) exactly as the Go commitmenttool sends it: no Content-Type. */
  const sendEnvelope = (payload: string, signature?: string, headers: Record<string, string> = {}): Promise<HttpResult> => {
    const body: Record<string, string> = { 'X-MAINSTAY-PAYLOAD': b64(payload) };
    if (signature !== undefined) body['X-MAINSTAY-SIGNATURE'] = signature;
    return http(api, 'POST', '/api/v1/commitment/send', JSON.stringify(body), headers);
  };
  const goPayload = (commitment: string, position: number | string, token: string): string =>
    `{"commitment": "${commitment}", "position": ${position}, "token": "${token}"}`;
  /** Format (b): plain JSON. */
  const sendPlain = (body: unknown): Promise<HttpResult> =>
    http(api, 'POST', '/api/v1/commitment/send', JSON.stringify(body), { 'Content-Type': 'application/json' });
  const stored = async (position: number): Promise<string | undefined> => (await store.clientCommitment(position))?.commitment;

  it('accepts both published signatures (commitment_signatures.json), with and without a Content-Type', async () => {
    for (const [slot, v, headers] of [
      [Slots.signedA, vecA, {}],
      [Slots.signedB, vecB, { 'Content-Type': 'application/json' }],
    ] as const) {
      const r = await sendEnvelope(goPayload(v.commitment_hex, slot, tokenOf(slot)), v.expected_signature_base64, headers);
      assert.equal(okPayload(r), M.commitmentAdded);
      assert.equal(r.json()['timestamp'], FIXED_NOW);
      assert.equal(await stored(slot), v.commitment_hex);
    }
  });

  it('also accepts the pymainstay json.dumps payload and the TS client encoder', async () => {
    const c = hex('1f');
    const sig = signCommitment(testSecp(), fromHex(vecA.privkey_hex), c.slice(0, 64));
    const payload = JSON.stringify({ commitment: c.slice(0, 64), position: Slots.signedA, token: tokenOf(Slots.signedA) });
    assert.equal(okPayload(await sendEnvelope(payload, sig, { 'Content-Type': 'application/json' })), M.commitmentAdded);
    const c2 = hex('2e').slice(0, 64);
    const body = encodeCommitmentEnvelope({ commitment: c2, position: Slots.signedA, token: tokenOf(Slots.signedA) }, signCommitment(testSecp(), fromHex(vecA.privkey_hex), c2));
    assert.equal(okPayload(await http(api, 'POST', '/api/v1/commitment/send', body)), M.commitmentAdded);
    assert.equal(await stored(Slots.signedA), c2);
  });

  it('stores an upper-case commitment lowercase (the signature is over the same bytes)', async () => {
    const upper = vecA.commitment_hex.toUpperCase();
    const r = await sendEnvelope(goPayload(upper, Slots.signedA, tokenOf(Slots.signedA)), vecA.expected_signature_base64);
    assert.equal(okPayload(r), M.commitmentAdded);
    assert.equal(await stored(Slots.signedA), vecA.commitment_hex);
    const u2 = 'ABCDEF' + hex('0', 58);
    assert.equal(okPayload(await sendPlain({ commitment: u2, position: 5, token: tokenOf(5) })), M.commitmentAdded);
    assert.equal(await stored(5), u2.toLowerCase());
  });

  it('accepts a high-S signature, as the original (elliptic) does', async () => {
    const secp = testSecp();
    const compact = secp.signatureImport(Buffer.from(vecB.expected_signature_base64, 'base64'));
    const s = BigInt(`0x${Buffer.from(compact.subarray(32)).toString('hex')}`);
    const highS = Buffer.concat([compact.subarray(0, 32), Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex')]);
    const der = Buffer.from(secp.signatureExport(highS)).toString('base64');
    assert.notEqual(der, vecB.expected_signature_base64);
    assert.equal(okPayload(await sendEnvelope(goPayload(vecB.commitment_hex, Slots.signedB, tokenOf(Slots.signedB)), der)), M.commitmentAdded);
  });

  it('rejects a wrong, missing, empty or malformed signature on a signed slot', async () => {
    const before = await stored(Slots.signedA);
    const p = goPayload(vecB.commitment_hex, Slots.signedA, tokenOf(Slots.signedA));
    assert.equal(errorMessage(await sendEnvelope(p, vecB.expected_signature_base64)), M.signatureIncorrect);
    // right key, other commitment
    assert.equal(errorMessage(await sendEnvelope(p, vecA.expected_signature_base64)), M.signatureIncorrect);
    assert.equal(errorMessage(await sendEnvelope(p, 'not base64!')), M.signatureIncorrect);
    assert.equal(errorMessage(await sendEnvelope(p, b64('garbage'))), M.signatureIncorrect);
    assert.equal(errorMessage(await sendEnvelope(p, '')), M.missingSignature);
    assert.equal(errorMessage(await sendEnvelope(p)), M.missingSignature);
    // a signed slot is never writable through the unsigned plain-JSON format (ADR 0046)
    assert.equal(errorMessage(await sendPlain({ commitment: vecA.commitment_hex, position: Slots.signedA, token: tokenOf(Slots.signedA) })), M.missingSignature);
    assert.equal(await stored(Slots.signedA), before);
  });

  it('plain JSON and unsigned envelopes on a slot without a pubkey', async () => {
    const c = hex('3c').slice(0, 64);
    assert.equal(okPayload(await sendPlain({ commitment: c, position: 7, token: tokenOf(7) })), M.commitmentAdded);
    assert.equal(await stored(7), c);
    const d = hex('4d').slice(0, 64);
    assert.equal(okPayload(await sendEnvelope(goPayload(d, 7, tokenOf(7)), '')), M.commitmentAdded);
    assert.equal(await stored(7), d);
    // Go's `commitmenttool send` with an empty signature on an unsigned slot; the details-only slot of the Go signup tool
    assert.equal(okPayload(await sendEnvelope(goPayload(d, Slots.detailsOnly, tokenOf(Slots.detailsOnly)), '')), M.commitmentAdded);
    assert.equal(await stored(Slots.detailsOnly), d);
  });

  it('token, position, expiry', async () => {
    const c = hex('5a').slice(0, 64);
    assert.equal(errorMessage(await sendPlain({ commitment: c, position: 3, token: tokenOf(4) })), M.tokenWrong);
    assert.equal(errorMessage(await sendPlain({ commitment: c, position: 3, token: 12 })), M.tokenWrong);
    assert.equal(errorMessage(await sendPlain({ commitment: c, position: 12345, token: tokenOf(3) })), M.positionUnknown);
    assert.equal(errorMessage(await sendPlain({ commitment: c, position: Slots.expired, token: tokenOf(Slots.expired) })), M.slotExpired);
    assert.equal(okPayload(await sendPlain({ commitment: c, position: Slots.basic, token: tokenOf(Slots.basic) })), M.commitmentAdded);
    api.setNow(FIXED_NOW + 2 * 86_400_000);
    try {
      assert.equal(errorMessage(await sendPlain({ commitment: c, position: Slots.basic, token: tokenOf(Slots.basic) })), M.slotExpired);
    } finally {
      api.setNow(FIXED_NOW);
    }
  });

  it('free tier: one commitment per (UTC) day', async () => {
    const c1 = hex('6b').slice(0, 64);
    const c2 = hex('7c').slice(0, 64);
    const send = (c: string): Promise<HttpResult> => sendPlain({ commitment: c, position: Slots.free, token: tokenOf(Slots.free) });
    assert.equal(okPayload(await send(c1)), M.commitmentAdded);
    assert.deepEqual(await store.clientCommitment(Slots.free), { clientPosition: Slots.free, commitment: c1, date: '3/14/2024' });
    assert.equal(errorMessage(await send(c2)), M.dailyLimit);
    assert.equal(await stored(Slots.free), c1);
    api.setNow(Date.UTC(2024, 2, 14, 23, 59, 59));
    assert.equal(errorMessage(await send(c2)), M.dailyLimit);
    api.setNow(Date.UTC(2024, 2, 15, 0, 0, 0));
    try {
      assert.equal(okPayload(await send(c2)), M.commitmentAdded);
      assert.equal(await stored(Slots.free), c2);
    } finally {
      api.setNow(FIXED_NOW);
    }
  });

  it('malformed bodies, base64 and payload JSON', async () => {
    const post = (body: string | Buffer, headers: Record<string, string> = {}): Promise<HttpResult> =>
      http(api, 'POST', '/api/v1/commitment/send', body, headers);
    for (const body of ['', 'not json', '[]', '"x"', '123', 'null', '{"X-MAINSTAY-PAYLOAD": "%%%"}', '{"X-MAINSTAY-PAYLOAD": 5}', `{"X-MAINSTAY-PAYLOAD": "${b64('not json')}"}`, `{"X-MAINSTAY-PAYLOAD": "${b64('[1]')}"}`, '{"X-MAINSTAY-PAYLOAD": "YWJj"}']) {
      assert.equal(errorMessage(await post(body)), M.payloadNotBase64, body);
    }
    assert.equal(errorMessage(await post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))), M.payloadNotBase64);
    // base64 without padding is not accepted
    const unpadded = b64(goPayload(hex('a'), 3, tokenOf(3))).replace(/=+$/, '');
    if (unpadded.length % 4 !== 0) assert.equal(errorMessage(await post(JSON.stringify({ 'X-MAINSTAY-PAYLOAD': unpadded }))), M.payloadNotBase64);
  });

  it('missing fields and malformed commitments/positions, in both formats, in the original order', async () => {
    const t = tokenOf(3);
    const cases: [Record<string, unknown>, string][] = [
      [{ position: 3, token: t }, M.missingCommitment],
      [{ commitment: hex('a'), token: t }, M.missingPosition],
      [{ commitment: hex('a'), position: 3 }, M.missingToken],
      [{}, M.missingCommitment],
      [{ commitment: 'zz', token: t }, M.missingPosition],
      [{ commitment: hex('a', 63), position: 3, token: t }, M.commitmentNotHex],
      [{ commitment: hex('a', 65), position: 3, token: t }, M.commitmentNotHex],
      [{ commitment: hex('a', 128), position: 3, token: t }, M.commitmentNotHex],
      [{ commitment: `${hex('a', 63)}g`, position: 3, token: t }, M.commitmentNotHex],
      [{ commitment: 5, position: 3, token: t }, M.commitmentNotHex],
      [{ commitment: hex('a'), position: 'abc', token: t }, M.positionNotInt],
      [{ commitment: hex('a'), position: -1, token: t }, M.positionNotInt],
      [{ commitment: hex('a'), position: 1.5, token: t }, M.positionNotInt],
      [{ commitment: hex('a'), position: 2 ** 31, token: t }, M.positionNotInt],
      [{ commitment: hex('a'), position: '12abc', token: t }, M.positionNotInt],
    ];
    const before = await stored(3);
    for (const [payload, message] of cases) {
      assert.equal(errorMessage(await sendPlain(payload)), message, `plain ${JSON.stringify(payload)}`);
      assert.equal(errorMessage(await sendEnvelope(JSON.stringify(payload), '')), message, `envelope ${JSON.stringify(payload)}`);
    }
    assert.equal(await stored(3), before);
  });

  it('GET on commitment/send is 405 with a JSON error; the stored commitment feeds nothing else', async () => {
    const r = await http(api, 'GET', '/api/v1/commitment/send');
    assert.equal(errorMessage(r, 405), M.methodNotAllowed);
    assert.equal(r.headers['allow'], 'POST');
  });
});
