import { randomUUID } from 'node:crypto';
import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { runClientSignupTool } from './clientsignuptool.js';
import { openStoreFromFlags } from './open-store.js';
import { processToolIo } from './tool-io.js';

// The `clientsignuptool` executable: the only place that touches argv, the environment and the exit code.
const io = processToolIo();
try {
  process.exitCode = await runClientSignupTool(process.argv.slice(2), {
    io,
    secp: loadNativeSecp256k1(),
    openStore: (flags) => openStoreFromFlags(flags, process.env),
    newToken: () => randomUUID(),
  });
} catch (e) {
  io.err(`clientsignuptool: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  io.close();
}
