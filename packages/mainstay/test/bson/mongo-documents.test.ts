import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeBson } from '../../src/bson/bson-decoder.js';
import { encodeBson } from '../../src/bson/bson-encoder.js';
import { BsonError } from '../../src/bson/bson-error.js';
import { BsonDateTime, BsonDocument, BsonInt32, BsonObjectId } from '../../src/bson/bson-value.js';
import {
  attestationFromBson,
  clientCommitmentFromBson,
  clientDetailsFromBson,
  decodeMongoDocument,
  encodeMongoDocument,
  MongoDocumentError,
  type MongoCollection,
  type MongoDocumentTypes,
} from '../../src/bson/mongo-documents.js';
import type { AttestationDoc, ProofOp, ServiceLevel } from '../../src/store/documents.js';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');
interface Vector {
  collection: string;
  document: Record<string, unknown>;
  expected_bson_hex?: string;
  expected_bson_length?: number;
}
const vectors = (JSON.parse(readFileSync(join(SHARED, 'vectors', 'mainstay', 'db_documents_bson.json'), 'utf8')) as { vectors: Vector[] }).vectors;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** The vector's snake_case Mongo document as our document type. */
function ours(v: Vector): MongoDocumentTypes[MongoCollection] {
  const str = (k: string): string => v.document[k] as string;
  const num = (k: string): number => v.document[k] as number;
  switch (v.collection) {
    case 'ClientCommitment':
      return { clientPosition: num('client_position'), commitment: str('commitment') };
    case 'ClientDetails':
      return { clientPosition: num('client_position'), authToken: str('auth_token'), pubkey: str('pubkey'), clientName: str('client_name') };
    case 'MerkleCommitment':
      return { merkleRoot: str('merkle_root'), clientPosition: num('client_position'), commitment: str('commitment') };
    case 'MerkleProof':
      return { merkleRoot: str('merkle_root'), clientPosition: num('client_position'), commitment: str('commitment'), ops: v.document['ops'] as ProofOp[] };
    case 'Attestation':
      return { txid: str('txid'), merkleRoot: str('merkle_root'), confirmed: v.document['confirmed'] as boolean, insertedAt: 1_544_646_641_309 };
    default:
      throw new Error(`unknown collection ${v.collection}`);
  }
}

describe('db_documents_bson.json: the Go models byte for byte', () => {
  it('has the five vectors', () => {
    assert.deepEqual(vectors.map((v) => v.collection), ['ClientCommitment', 'ClientDetails', 'MerkleCommitment', 'MerkleProof', 'Attestation']);
  });
  for (const v of vectors.filter((x) => x.expected_bson_hex !== undefined)) {
    it(`${v.collection}: encode gives the exact bytes, decode gives the document back`, () => {
      const c = v.collection as MongoCollection;
      const doc = ours(v);
      assert.equal(hex(encodeMongoDocument(c, doc)), v.expected_bson_hex);
      assert.deepStrictEqual(decodeMongoDocument(c, unhex(v.expected_bson_hex!)), doc);
      // The generic codec alone is lossless on these bytes, field order and int32 types included.
      const raw = decodeBson(unhex(v.expected_bson_hex!));
      assert.deepEqual(raw.keys(), Object.keys(v.document));
      assert.equal(hex(encodeBson(raw)), v.expected_bson_hex);
    });
  }
  it('Attestation: txid, merkle_root, confirmed, inserted_at (datetime) is 195 bytes', () => {
    const v = vectors.find((x) => x.collection === 'Attestation')!;
    const doc = ours(v) as AttestationDoc;
    const bytes = encodeMongoDocument('Attestation', doc);
    assert.equal(bytes.length, v.expected_bson_length);
    assert.equal(bytes.length, 195);
    const raw = decodeBson(bytes);
    assert.deepEqual(raw.keys(), ['txid', 'merkle_root', 'confirmed', 'inserted_at']);
    assert.deepEqual(raw.get('inserted_at'), new BsonDateTime(1_544_646_641_309n));
    assert.deepStrictEqual(decodeMongoDocument('Attestation', bytes), doc);
  });
});

describe('Mongo field types', () => {
  it('AttestationInfo: amount and time are int64; ClientDetails extras: service_level string, expiry_date datetime; ClientCommitment date string', () => {
    const info = decodeBson(encodeMongoDocument('AttestationInfo', { txid: 'a'.repeat(64), blockhash: 'b'.repeat(64), amount: 1_040_868, time: 1_544_646_641 }));
    assert.deepEqual(info.entries, [['txid', 'a'.repeat(64)], ['blockhash', 'b'.repeat(64)], ['amount', 1_040_868n], ['time', 1_544_646_641n]]);
    const details = decodeBson(encodeMongoDocument('ClientDetails', { clientPosition: 3, authToken: 't', pubkey: '', clientName: 'n', serviceLevel: 'basic', expiryDate: 1_700_000_000_000 }));
    assert.deepEqual(details.keys(), ['client_position', 'auth_token', 'pubkey', 'client_name', 'service_level', 'expiry_date']);
    assert.deepEqual(details.get('client_position'), new BsonInt32(3));
    assert.deepEqual(details.get('expiry_date'), new BsonDateTime(1_700_000_000_000n));
    const cc = decodeBson(encodeMongoDocument('ClientCommitment', { clientPosition: 1, commitment: 'c'.repeat(64), date: '2019-01-23' }));
    assert.deepEqual(cc.entries, [['commitment', 'c'.repeat(64)], ['client_position', new BsonInt32(1)], ['date', '2019-01-23']]);
  });

  it('reading accepts _id and unknown fields, int64/double positions (mongoose writes doubles) and null optionals', () => {
    const oid = new BsonObjectId(new Uint8Array(12).fill(7));
    assert.deepStrictEqual(
      clientCommitmentFromBson(new BsonDocument([['_id', oid], ['client_position', 4], ['commitment', 'c'.repeat(64)], ['count', 2], ['date', null], ['__v', new BsonInt32(0)]])),
      { clientPosition: 4, commitment: 'c'.repeat(64) },
    );
    assert.deepStrictEqual(
      clientDetailsFromBson(new BsonDocument([['_id', oid], ['client_position', 9n], ['auth_token', 't'], ['pubkey', ''], ['client_name', 'x'], ['service_level', 'free'], ['expiry_date', null]])),
      { clientPosition: 9, authToken: 't', pubkey: '', clientName: 'x', serviceLevel: 'free' },
    );
  });

  it('rejects wrong types and invalid values with MongoDocumentError naming the field', () => {
    const att = (over: Record<string, unknown>): BsonDocument =>
      new BsonDocument(Object.entries({ txid: 'a'.repeat(64), merkle_root: 'b'.repeat(64), confirmed: true, inserted_at: new BsonDateTime(5n), ...over }) as [string, never][]);
    const bad: [BsonDocument, RegExp][] = [
      [att({ inserted_at: 5n }), /Attestation\.inserted_at: expected a UTC datetime, got int64/],
      [att({ confirmed: 1 }), /Attestation\.confirmed: expected a boolean, got double/],
      [att({ txid: 'A'.repeat(64) }), /Attestation\.txid/],
      [att({ merkle_root: undefined }), /Attestation\.merkle_root: expected a string, got missing/],
      [att({ inserted_at: new BsonDateTime(-(1n << 62n)) }), /Attestation\.inserted_at: datetime .* outside the safe range/],
    ];
    for (const [doc, re] of bad) {
      const filtered = new BsonDocument(doc.entries.filter(([, v]) => v !== undefined));
      assert.throws(() => attestationFromBson(filtered), (e: unknown) => e instanceof MongoDocumentError && re.test(e.message));
    }
    const cd = (over: Record<string, unknown>): BsonDocument =>
      new BsonDocument(Object.entries({ client_position: new BsonInt32(1), auth_token: 't', pubkey: '', client_name: 'n', ...over }) as [string, never][]);
    assert.throws(() => clientDetailsFromBson(cd({ service_level: 'gold' })), /ClientDetails\.service_level: expected one of/);
    assert.throws(() => clientDetailsFromBson(cd({ client_position: 1.5 })), /ClientDetails\.client_position: expected an integer, got double 1.5/);
    assert.throws(() => clientDetailsFromBson(cd({ client_position: new BsonInt32(-1) })), /ClientDetails\.client_position: expected an integer in \[0, 2\^31-1\], got -1/);
    assert.throws(() => clientDetailsFromBson(cd({ client_position: 1n << 40n })), /ClientDetails\.client_position: expected an integer in \[0, 2\^31-1\]/);
    assert.throws(() => clientDetailsFromBson(cd({ client_position: 1n << 60n })), /ClientDetails\.client_position: integer 1152921504606846976 is outside the safe range/);
    assert.throws(() => clientDetailsFromBson(cd({ pubkey: 'xyz' })), MongoDocumentError);
    // Writing invalid documents is refused the same way.
    assert.throws(() => encodeMongoDocument('MerkleCommitment', { merkleRoot: 'x', clientPosition: 0, commitment: 'c'.repeat(64) }), MongoDocumentError);
    assert.throws(() => encodeMongoDocument('AttestationInfo', { txid: 'a'.repeat(64), blockhash: 'b'.repeat(64), amount: 1.5, time: 0 }), MongoDocumentError);
  });
});

// ---- fuzz: every valid document of every collection round-trips ---------------------------------

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex);
const position = fc.integer({ min: 0, max: 0x7fffffff });
const safeNat = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const arbs: { [C in MongoCollection]: fc.Arbitrary<MongoDocumentTypes[C]> } = {
  Attestation: fc.record({ txid: hash, merkleRoot: hash, confirmed: fc.boolean(), insertedAt: safeNat }),
  AttestationInfo: fc.record({ txid: hash, blockhash: hash, amount: safeNat, time: safeNat }),
  MerkleCommitment: fc.record({ merkleRoot: hash, clientPosition: position, commitment: hash }),
  MerkleProof: fc.record({ merkleRoot: hash, clientPosition: position, commitment: hash, ops: fc.array(fc.record({ append: fc.boolean(), commitment: hash }), { maxLength: 20 }) }),
  ClientCommitment: fc.record({ clientPosition: position, commitment: hash, date: fc.string() }, { requiredKeys: ['clientPosition', 'commitment'] }),
  ClientDetails: fc.record(
    {
      clientPosition: position,
      authToken: fc.uuid(),
      pubkey: fc.oneof(fc.constant(''), fc.uint8Array({ minLength: 33, maxLength: 33 }).map(hex)),
      clientName: fc.string({ unit: 'grapheme' }),
      serviceLevel: fc.constantFrom<ServiceLevel>('free', 'basic', 'intermediate', 'enterprise'),
      expiryDate: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    },
    { requiredKeys: ['clientPosition', 'authToken', 'pubkey', 'clientName'] },
  ),
};

describe('Mongo document fuzz (fast-check)', () => {
  for (const c of Object.keys(arbs) as MongoCollection[]) {
    it(`${c}: decode∘encode is the identity; damaged bytes give BsonError or MongoDocumentError only`, () => {
      fc.assert(
        fc.property(arbs[c] as fc.Arbitrary<MongoDocumentTypes[typeof c]>, fc.nat(), fc.nat(255), (doc, at, v) => {
          const bytes = encodeMongoDocument(c, doc);
          assert.deepStrictEqual(decodeMongoDocument(c, bytes), structuredClone(doc)); // fc.record objects have a null prototype
          const broken = Uint8Array.from(bytes);
          broken[at % broken.length] = v;
          try {
            decodeMongoDocument(c, broken);
          } catch (e) {
            if (!(e instanceof BsonError) && !(e instanceof MongoDocumentError)) throw e;
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});
