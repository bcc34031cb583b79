import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeBson } from '../../src/bson/bson-encoder.js';
import { BsonError } from '../../src/bson/bson-error.js';
import { readBsonDocuments, type BsonFileDocument, type BsonFileReadOptions } from '../../src/bson/bson-file-reader.js';
import { BsonDocument } from '../../src/bson/bson-value.js';

const docs = Array.from({ length: 40 }, (_, i) => encodeBson(new BsonDocument([['i', i], ['s', 'x'.repeat(i * 7)]])));
const all = Buffer.concat(docs);
const offsets = docs.map((_, i) => docs.slice(0, i).reduce((n, d) => n + d.length, 0));

async function collect(path: string, options?: BsonFileReadOptions): Promise<BsonFileDocument[]> {
  const out: BsonFileDocument[] = [];
  for await (const d of readBsonDocuments(path, options)) out.push(d);
  return out;
}

async function failure(path: string, options?: BsonFileReadOptions): Promise<BsonError> {
  try {
    await collect(path, options);
  } catch (e) {
    assert.ok(e instanceof BsonError, String(e));
    return e;
  }
  assert.fail('no error');
}

describe('readBsonDocuments (concatenated BSON, streamed)', () => {
  let dir: string;
  const file = (name: string, bytes: Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bson-reader-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('yields every document with its offset, whatever the read-ahead size (documents larger than it included)', async () => {
    const p = file('all.bson', all);
    for (const chunkSize of [5, 7, 64, 300, 1 << 20]) {
      const got = await collect(p, { chunkSize });
      assert.deepEqual(got.map((d) => d.offset), offsets, `chunk ${chunkSize}`);
      assert.deepEqual(got.map((d) => Buffer.from(d.bytes).toString('hex')), docs.map((d) => Buffer.from(d).toString('hex')));
    }
  });

  it('reads a range [start, end) of document boundaries', async () => {
    const p = file('range.bson', all);
    const got = await collect(p, { start: offsets[10], end: offsets[13], chunkSize: 16 });
    assert.deepEqual(got.map((d) => d.offset), offsets.slice(10, 13));
  });

  it('an empty file has no documents', async () => {
    assert.deepEqual(await collect(file('empty.bson', new Uint8Array())), []);
  });

  it('a truncated last document, trailing bytes, a bad or oversized size: BsonError at the file offset', async () => {
    const last = offsets[39]!;
    const t1 = await failure(file('cut.bson', all.subarray(0, all.length - 3)), { chunkSize: 32 });
    assert.equal(t1.offset, last);
    assert.match(t1.detail, /truncated document: size \d+ but only \d+ byte\(s\) left/);
    const t2 = await failure(file('trail.bson', Buffer.concat([all, Buffer.from([1, 2])])));
    assert.equal(t2.offset, all.length);
    assert.match(t2.detail, /2 trailing byte\(s\)/);
    const t3 = await failure(file('small.bson', Buffer.concat([docs[0]!, Buffer.from('0400000000', 'hex')])));
    assert.equal(t3.offset, docs[0]!.length);
    assert.match(t3.detail, /below the minimum/);
    const t4 = await failure(file('big.bson', all), { maxSize: 100 });
    const firstBig = docs.findIndex((d) => d.length > 100);
    assert.ok(firstBig > 0);
    assert.equal(t4.offset, offsets[firstBig]);
    assert.match(t4.detail, /exceeds the 100-byte limit/);
  });
});
