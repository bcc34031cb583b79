// RecurrentCommitter (commitmenttool -ocean): rounds survive node and API failures; signing; stop.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadNativeSecp256k1, fromHex } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { decodeCommitmentEnvelope } from '../../src/clients/commitment-envelope.js';
import { verifyCommitmentSignature } from '../../src/clients/commitment-signature.js';
import { RecurrentCommitter } from '../../src/clients/recurrent-committer.js';
import { signatureVectors } from '../api/support/api-fixture.js';

const secp = loadNativeSecp256k1();
const [vec] = signatureVectors();

describe('RecurrentCommitter', () => {
  it('a node error and an API error only fail their round; signed envelopes carry the display-order hash', async () => {
    const hashes = ['11'.repeat(32), 'ab'.repeat(31) + 'cd'];
    let nodeCalls = 0;
    const bodies: string[] = [];
    let apiCalls = 0;
    const logger = new RecordingLogger();
    const committer = new RecurrentCommitter({
      clientChain: {
        bestBlockHash: async () => {
          nodeCalls++;
          if (nodeCalls === 1) throw new Error('connect ECONNREFUSED');
          return hashes[Math.min(nodeCalls - 2, 1)]!;
        },
        blockHeight: async () => undefined,
      },
      api: {
        sendCommitment: async (body) => {
          apiCalls++;
          if (apiCalls === 1) throw new Error('your token is wrong');
          bodies.push(body);
          return 'Commitment added';
        },
      },
      secp,
      position: 3,
      token: 'tok',
      privateKey: fromHex(vec!.privkey_hex),
      intervalMs: 1,
      logger,
    });
    assert.deepEqual(await committer.round(), { ok: false, error: 'client chain: connect ECONNREFUSED' });
    assert.deepEqual(await committer.round(), { ok: false, error: 'send: your token is wrong' });
    assert.deepEqual(await committer.round(), { ok: true, commitment: hashes[1], response: 'Commitment added' });
    const decoded = decodeCommitmentEnvelope(bodies[0]!);
    assert.deepEqual(decoded.payload, { commitment: hashes[1], position: 3, token: 'tok' });
    assert.ok(verifyCommitmentSignature(secp, vec!.pubkey_hex, hashes[1]!, decoded.signature));
    assert.equal(logger.records.filter((r) => r.level === 'error').length, 2);
  });

  it('run() commits at once, keeps going, and stops when aborted; unsigned without a key', async () => {
    const bodies: string[] = [];
    const stop = new AbortController();
    const committer = new RecurrentCommitter({
      clientChain: { bestBlockHash: async () => '22'.repeat(32), blockHeight: async () => undefined },
      api: {
        sendCommitment: async (body) => {
          bodies.push(body);
          if (bodies.length === 3) stop.abort();
          return 'Commitment added';
        },
      },
      secp,
      position: 0,
      token: 't',
      intervalMs: 5,
      logger: new RecordingLogger(),
    });
    const started = Date.now();
    await committer.run(stop.signal);
    assert.equal(bodies.length, 3);
    assert.ok(Date.now() - started >= 10, 'rounds were not spaced by the interval');
    assert.equal(decodeCommitmentEnvelope(bodies[0]!).signature, '');
  });
});
