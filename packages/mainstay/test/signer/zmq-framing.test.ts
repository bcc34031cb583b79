import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FramingError, MAX_FRAMED_ELEMENT, serialiseFrames, unserialiseFrames } from '../../src/signer/zmq-framing.js';
import { SignatureCollector, groupSignaturesByInput } from '../../src/signer/signature-collector.js';
import { SignerTopic } from '../../src/signer/signer-topics.js';
import { readMainstayVector } from '../merkle/vectors.js';

interface ZmqFile {
  framing: {
    empty_list_serialises_to_hex: string;
    unsigned_tx1_hex: string;
    unsigned_tx2_hex: string;
    'serialise_[tx1]_hex': string;
    'serialise_[tx1,tx2]_hex': string;
    unserialise_cases: { input_hex: string; expected_items_hex: string[] }[];
  };
  signature_messages: {
    cases: { messages_hex: string[]; expected_num_inputs: number; expected_sigs_per_input_hex: string[][] }[];
  };
}

const v = readMainstayVector<ZmqFile>('signer_zmq_serialisation.json');
const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const toHex = (items: Uint8Array[]): string[] => items.map((b) => Buffer.from(b).toString('hex'));

test('serialise: empty list, [tx1], [tx1, tx2] (the two real unsigned attestation txs)', () => {
  const f = v.framing;
  assert.equal(serialiseFrames([]).toString('hex'), f.empty_list_serialises_to_hex);
  assert.equal(serialiseFrames([hex(f.unsigned_tx1_hex)]).toString('hex'), f['serialise_[tx1]_hex']);
  assert.equal(serialiseFrames([hex(f.unsigned_tx1_hex), hex(f.unsigned_tx2_hex)]).toString('hex'), f['serialise_[tx1,tx2]_hex']);
  assert.deepEqual(toHex(unserialiseFrames(hex(f['serialise_[tx1,tx2]_hex']))), [f.unsigned_tx1_hex, f.unsigned_tx2_hex]);
});

test('unserialise: the vector cases, incl. silently stopping at an overrunning length', () => {
  assert.equal(v.framing.unserialise_cases.length, 4);
  for (const c of v.framing.unserialise_cases) assert.deepEqual(toHex(unserialiseFrames(hex(c.input_hex))), c.expected_items_hex, c.input_hex.slice(-8));
  assert.deepEqual(unserialiseFrames(new Uint8Array(0)), []);
  assert.deepEqual(toHex(unserialiseFrames(Uint8Array.from([5, 1, 2]))), []);
});

test('serialise rejects an element over 255 bytes (the original would corrupt it); 255 is fine', () => {
  const max = new Uint8Array(MAX_FRAMED_ELEMENT).fill(7);
  const framed = serialiseFrames([max, Uint8Array.of(1)]);
  assert.equal(framed.length, 1 + 255 + 2);
  assert.equal(framed[0], 255);
  assert.deepEqual(unserialiseFrames(framed).map((b) => b.length), [255, 1]);
  assert.throws(
    () => serialiseFrames([Uint8Array.of(1), new Uint8Array(256)]),
    (e: unknown) => e instanceof FramingError && e.index === 1 && e.length === 256,
  );
});

test('grouping of signer messages into per-input signature lists (all vector cases)', () => {
  const cases = v.signature_messages.cases;
  assert.equal(cases.length, 10);
  for (const c of cases) {
    const grouped = groupSignaturesByInput(c.messages_hex.map(hex));
    assert.equal(grouped.length, c.expected_num_inputs);
    assert.deepEqual(grouped.map(toHex), c.expected_sigs_per_input_hex);
  }
});

test('SignatureCollector keeps the latest non-empty message per signer and groups in signer order', () => {
  const [a, b] = v.signature_messages.cases[3]!.messages_hex.map(hex) as [Buffer, Buffer];
  const single = hex(v.signature_messages.cases[0]!.messages_hex[0]!);
  const collector = new SignatureCollector(2);
  assert.deepEqual(collector.signaturesByInput(), []);
  collector.receive(1, single); // an older message from signer 1 …
  collector.receive(1, b); // … replaced by its latest one
  collector.receive(0, a);
  collector.receive(0, new Uint8Array(0)); // empty: ignored
  assert.equal(collector.respondedCount, 2);
  assert.deepEqual(collector.signaturesByInput().map(toHex), v.signature_messages.cases[3]!.expected_sigs_per_input_hex);
  collector.reset();
  assert.equal(collector.respondedCount, 0);
  assert.deepEqual(collector.signaturesByInput(), []);
  assert.throws(() => collector.receive(2, a), RangeError);
  assert.deepEqual([SignerTopic.ConfirmedHash, SignerTopic.Transactions, SignerTopic.Signatures], ['C', 'T', 'S']);
});
