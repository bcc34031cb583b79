import { createLogger, type ServiceLogger } from '@ocean-ts/service-kit';
import { processToolIo, type ToolIo } from './tool-io.js';

/** What a long-running tool gets from its process. */
export interface ToolProcessContext {
  readonly io: ToolIo;
  readonly logger: ServiceLogger;
  /** Aborted on SIGTERM / SIGINT. */
  readonly signal: AbortSignal;
}

/**
 * Run a tool as the process: standard streams as its `ToolIo`, a logger on `logStream`, SIGTERM and
 * SIGINT as an abort signal, its result as the exit code; an exception prints `<name>: <message>`
 * and exits 1. For the `*-bin.ts` files only.
 */
export async function runToolProcess(name: string, logStream: NodeJS.WritableStream, run: (ctx: ToolProcessContext) => Promise<number>): Promise<void> {
  const io = processToolIo();
  const logger = createLogger({ console: logStream, level: 'info' });
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    process.exitCode = await run({ io, logger, signal: stop.signal });
  } catch (e) {
    io.err(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    io.close();
    await logger.close();
  }
}
