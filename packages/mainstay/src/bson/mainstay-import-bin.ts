import { createLogger } from '@ocean-ts/service-kit';
import { openStoreFromFlags } from '../clients/open-store.js';
import { processToolIo } from '../clients/tool-io.js';
import { runMainstayImport } from './mainstay-import-tool.js';

// The `mainstay-import` executable: the only place that touches argv, the environment and the exit code.
const io = processToolIo();
const logger = createLogger({ console: process.stderr, level: 'info' });
try {
  process.exitCode = await runMainstayImport(process.argv.slice(2), {
    io,
    logger,
    openStore: (flags) => openStoreFromFlags(flags, process.env),
  });
} catch (e) {
  io.err(`mainstay-import: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  io.close();
  await logger.close();
}
