/**
 * Entry point of a script verification worker thread (see script-verifier-pool.ts). Loads the
 * native secp256k1 and the zkp verifier once, announces `ready`, then answers each chunk with its
 * first failing check. A chunk whose checks cannot be run (undecodable, a thrown error) is answered
 * with `error`; the worker itself keeps running.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ZkpConfidentialVerifier, loadNativeSecp256k1, runScriptCheck } from '@ocean-ts/core';
import { CLAIMED_BY_WORKER, UNCLAIMED, decodeChunk, rejectToData, type FromWorker, type ScriptWorkerData, type ToWorker } from './script-check-codec.js';

const port = parentPort;
if (port === null) throw new Error('script-worker.js must run as a worker thread');

const claims = (workerData as ScriptWorkerData | undefined)?.claims;
const secp = loadNativeSecp256k1();
const verifier = await ZkpConfidentialVerifier.create();

function run(id: number, bytes: Uint8Array): FromWorker {
  try {
    for (const { index, check } of decodeChunk(bytes)) {
      const failure = runScriptCheck(check, secp, verifier);
      // Checks of a chunk are in order: the first failure is the chunk's answer.
      if (failure !== null) return { type: 'result', id, failure: { index, reject: rejectToData(failure) } };
    }
    return { type: 'result', id, failure: null };
  } catch (e) {
    return { type: 'error', id, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

port.on('message', (m: ToWorker) => {
  // Fault injection (tests): an uncaught error ends the worker like any crash would.
  if (m.type === 'crash') throw new Error('script verification worker: crash requested');
  if (m.type === 'stop') {
    port.close();
    return;
  }
  // The pool's calling thread may have taken this chunk over (a block's last checks).
  if (claims !== undefined && Atomics.compareExchange(claims, m.slot, UNCLAIMED, CLAIMED_BY_WORKER) !== UNCLAIMED) {
    port.postMessage({ type: 'skipped', id: m.id } satisfies FromWorker);
    return;
  }
  port.postMessage(run(m.id, m.bytes));
});
port.postMessage({ type: 'ready' } satisfies FromWorker);
