import { readFile } from 'node:fs/promises';
import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { createLogger, handleShutdownSignals, Lifecycle } from '@ocean-ts/service-kit';
import { FlagError } from '../clients/go-flags.js';
import { SignerConfigError } from './signer-key-config.js';
import { startTxSigningTool, TXSIGNINGTOOL_USAGE } from './txsigningtool-main.js';

// The `txsigningtool` executable: the only place that touches argv, the environment, signals and the exit code.
const logger = createLogger({ console: process.stdout, level: process.env['MAINSTAY_LOG_LEVEL'] === 'debug' ? 'debug' : 'info' });
const lifecycle = new Lifecycle({ logger });
try {
  const running = await startTxSigningTool(process.argv.slice(2), {
    logger,
    secp: loadNativeSecp256k1(),
    env: process.env,
    readFile: (path) => readFile(path, 'utf8'),
  });
  process.stdout.write(`txsigningtool publishing signatures on ${running.endpoint}\n`);
  lifecycle.onShutdown('txsigningtool', () => running.stop());
  handleShutdownSignals(lifecycle, process, { logger });
  await lifecycle.stopped;
  await logger.close();
} catch (e) {
  const usage = e instanceof FlagError || e instanceof SignerConfigError;
  process.stderr.write(`txsigningtool: ${e instanceof Error ? e.message : String(e)}\n${usage ? TXSIGNINGTOOL_USAGE : ''}`);
  await logger.close();
  process.exitCode = usage ? 2 : 1;
}
