/**
 * The `oceand` executable: the only place that reads argv, the environment and HOME, and sets the
 * exit code. Loads the configuration, prints help / version, starts the full node and runs until
 * RPC `stop`, SIGTERM or SIGINT.
 */
import { DataDirLockError, handleShutdownSignals } from '@ocean-ts/service-kit';
import { ConfigError } from './config/config-error.js';
import { loadNodeConfig } from './config/node-config.js';
import { createNodeLogger } from './config/node-logger.js';
import { FullNode } from './full-node.js';

export const OCEAND_VERSION = '0.1.0';

export async function runOceand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  let startup;
  try {
    startup = loadNodeConfig({ argv, env, version: OCEAND_VERSION });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
  if (startup.kind !== 'run') {
    process.stdout.write(startup.text.endsWith('\n') ? startup.text : `${startup.text}\n`);
    return 0;
  }
  const config = startup.config;
  const logger = createNodeLogger(config.logging, { write: (line: string) => process.stdout.write(line) });
  let node: FullNode;
  try {
    node = await FullNode.start(config, logger);
  } catch (e) {
    const message = e instanceof DataDirLockError || e instanceof ConfigError ? e.message : `Error: ${e instanceof Error ? e.message : String(e)}`;
    logger.error(message);
    process.stderr.write(`${message}\n`);
    await logger.close();
    return 1;
  }
  handleShutdownSignals(node.lifecycle, process, { logger });
  const report = await node.stopped;
  logger.info('Shutdown: done');
  await logger.close();
  return report.failed.length === 0 ? 0 : 1;
}

runOceand(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
