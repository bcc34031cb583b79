import { readFile } from 'node:fs/promises';
import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { createLogger, handleShutdownSignals, Lifecycle } from '@ocean-ts/service-kit';
import { FlagError } from '../clients/go-flags.js';
import { HTTPSIGNER_USAGE, startHttpSigner } from './httpsigner-main.js';
import { SignerConfigError } from './signer-key-config.js';

// The `mainstay-httpsigner` executable: the only place that touches argv, the environment, signals and the exit code.
const logger = createLogger({ console: process.stdout, level: process.env['MAINSTAY_LOG_LEVEL'] === 'debug' ? 'debug' : 'info' });
const lifecycle = new Lifecycle({ logger });
try {
  const running = await startHttpSigner(process.argv.slice(2), {
    logger,
    secp: loadNativeSecp256k1(),
    env: process.env,
    readFile: (path) => readFile(path, 'utf8'),
  });
  process.stdout.write(`mainstay-httpsigner listening on http://${running.host.includes(':') ? `[${running.host}]` : running.host}:${running.port}/\n`);
  lifecycle.onShutdown('mainstay-httpsigner', () => running.stop());
  handleShutdownSignals(lifecycle, process, { logger });
  await lifecycle.stopped;
  await logger.close();
} catch (e) {
  const usage = e instanceof FlagError || e instanceof SignerConfigError;
  process.stderr.write(`mainstay-httpsigner: ${e instanceof Error ? e.message : String(e)}\n${usage ? HTTPSIGNER_USAGE : ''}`);
  await logger.close();
  process.exitCode = usage ? 2 : 1;
}
