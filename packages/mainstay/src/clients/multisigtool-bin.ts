import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { runMultisigTool } from './multisigtool.js';
import { processToolIo } from './tool-io.js';

// The `multisigtool` executable: the only place that touches argv and the exit code.
const io = processToolIo();
try {
  process.exitCode = runMultisigTool(process.argv.slice(2), { io, secp: loadNativeSecp256k1() });
} catch (e) {
  io.err(`multisigtool: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  io.close();
}
