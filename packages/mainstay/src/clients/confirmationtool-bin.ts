import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { createLogger } from '@ocean-ts/service-kit';
import { runConfirmationTool } from './confirmationtool.js';
import { processToolIo } from './tool-io.js';

// The `confirmationtool` executable: the only place that touches argv, the environment, signals and the exit code.
const io = processToolIo();
const logger = createLogger({ console: process.stderr, level: 'info' });
const stop = new AbortController();
const onSignal = (): void => stop.abort();
process.once('SIGTERM', onSignal);
process.once('SIGINT', onSignal);
try {
  process.exitCode = await runConfirmationTool(process.argv.slice(2), {
    io,
    secp: loadNativeSecp256k1(),
    env: process.env,
    signal: stop.signal,
    logger,
  });
} catch (e) {
  io.err(`confirmationtool: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  io.close();
  await logger.close();
}
