import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { RpcFailure, type NodeRpc } from './node-rpc.js';

/** RPC_IN_WARMUP: the node is up but still loading. */
const RPC_IN_WARMUP = -28;

export interface WaitForRpcOptions {
  /** Default 60 000. */
  readonly timeoutMs?: number;
  /** Prefix of the error messages (default `oceand`). */
  readonly name?: string;
}

/**
 * Polls `getblockcount` until the node answers it outside warm-up. Fails at once when the process
 * exits or an RPC error other than warm-up comes back; connection errors are retried until the
 * timeout. The errors end with the last 2,000 characters of the process's stderr.
 */
export async function waitForRpc(target: { readonly proc: ChildProcess; readonly stderr: string }, rpc: NodeRpc, options: WaitForRpcOptions = {}): Promise<void> {
  const { timeoutMs = 60_000, name = 'oceand' } = options;
  const { proc } = target;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${name}: oceand exited (${proc.exitCode ?? proc.signalCode}) while starting: ${target.stderr.slice(-2000)}`);
    try {
      await rpc.call('getblockcount');
      return;
    } catch (e) {
      if (e instanceof RpcFailure && e.code !== RPC_IN_WARMUP) throw e;
    }
    if (Date.now() > deadline) throw new Error(`${name}: oceand did not answer RPC within ${timeoutMs} ms: ${target.stderr.slice(-2000)}`);
    await sleep(100);
  }
}
