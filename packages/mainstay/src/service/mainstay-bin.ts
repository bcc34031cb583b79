import { readFile } from 'node:fs/promises';
import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { createLogger, handleShutdownSignals, Lifecycle } from '@ocean-ts/service-kit';
import { FlagError } from '../clients/go-flags.js';
import { MAINSTAY_USAGE, startMainstay } from './mainstay-main.js';

// The `mainstay` executable: the only place that touches argv, the environment, signals and the exit code.
const argv = process.argv.slice(2);
if (argv.some((a) => a === '-h' || a === '-help' || a === '--help')) {
  process.stdout.write(MAINSTAY_USAGE);
  process.exit(0);
}
const logger = createLogger({ console: process.stdout, level: process.env['MAINSTAY_LOG_LEVEL'] === 'debug' ? 'debug' : 'info' });
const lifecycle = new Lifecycle({ logger });
try {
  const daemon = await startMainstay(argv, {
    logger,
    secp: loadNativeSecp256k1(),
    env: process.env,
    cwd: process.cwd(),
    readFile: (path) => readFile(path, 'utf8'),
  });
  lifecycle.onShutdown('mainstay', () => daemon.stop());
  handleShutdownSignals(lifecycle, process, { logger });
  await lifecycle.stopped;
  await logger.close();
} catch (e) {
  process.stderr.write(`mainstay: ${e instanceof Error ? e.message : String(e)}\n${e instanceof FlagError ? MAINSTAY_USAGE : ''}`);
  await logger.close();
  process.exitCode = e instanceof FlagError ? 2 : 1;
}
