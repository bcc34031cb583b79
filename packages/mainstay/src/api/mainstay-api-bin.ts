import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { createLogger, handleShutdownSignals, Lifecycle } from '@ocean-ts/service-kit';
import { FlagError } from '../clients/go-flags.js';
import { openApiSetup } from '../clients/open-store.js';
import { processToolIo } from '../clients/tool-io.js';
import { MAINSTAY_API_USAGE, startMainstayApi } from './mainstay-api-main.js';

// The `mainstay-api` executable: the only place that touches argv, the environment, signals and the exit code.
const io = processToolIo();
const logger = createLogger({ console: process.stdout, level: 'info' });
const lifecycle = new Lifecycle({ logger });
try {
  const api = await startMainstayApi(process.argv.slice(2), {
    io,
    logger,
    secp: loadNativeSecp256k1(),
    setup: (flags) => openApiSetup(flags, process.env),
  });
  lifecycle.onShutdown('mainstay-api', () => api.stop());
  handleShutdownSignals(lifecycle, process, { logger });
  await lifecycle.stopped;
  await logger.close();
} catch (e) {
  io.err(`mainstay-api: ${e instanceof Error ? e.message : String(e)}\n${e instanceof FlagError ? MAINSTAY_API_USAGE : ''}`);
  await logger.close();
  process.exitCode = e instanceof FlagError ? 2 : 1;
}
