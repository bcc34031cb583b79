import { randomBytes } from 'node:crypto';
import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { createLogger } from '@ocean-ts/service-kit';
import { runCommitmentTool } from './commitmenttool.js';
import { processToolIo } from './tool-io.js';

// The `commitmenttool` executable: the only place that touches argv, the environment, signals and the exit code.
const io = processToolIo();
const logger = createLogger({ console: process.stdout, level: 'info' });
const stop = new AbortController();
const onSignal = (): void => stop.abort();
process.once('SIGTERM', onSignal);
process.once('SIGINT', onSignal);
try {
  process.exitCode = await runCommitmentTool(process.argv.slice(2), {
    io,
    secp: loadNativeSecp256k1(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    env: process.env,
    signal: stop.signal,
    logger,
  });
} catch (e) {
  io.err(`commitmenttool: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  io.close();
  await logger.close();
}
