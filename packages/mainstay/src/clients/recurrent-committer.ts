/**
 * `commitmenttool -ocean` (spec §6.4): every interval, commit the client chain's best block hash —
 * in display order, exactly as `getbestblockhash` prints it — to the slot, signed when a private key
 * is given. A failing round (node or API) is logged and the next round tries again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Secp256k1 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import type { ClientChain } from './client-chain.js';
import { encodeCommitmentEnvelope } from './commitment-envelope.js';
import { signCommitment } from './commitment-signature.js';

export interface CommitmentSender {
  /** POST a format (a) body to `/commitment/send`; resolves with the API's response, throws its error. */
  sendCommitment(body: string): Promise<string>;
}

export interface RecurrentCommitterOptions {
  readonly clientChain: ClientChain;
  readonly api: CommitmentSender;
  readonly secp: Secp256k1;
  readonly position: number;
  readonly token: string;
  /** Signs each commitment when given. */
  readonly privateKey?: Uint8Array;
  /** Time between the starts of two rounds. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/** What one round did. */
export type CommitRound = { readonly ok: true; readonly commitment: string; readonly response: string } | { readonly ok: false; readonly error: string };

export class RecurrentCommitter {
  constructor(private readonly options: RecurrentCommitterOptions) {}

  /** One round: read the best block hash, sign it (optionally), send it. Never throws. */
  async round(): Promise<CommitRound> {
    const { clientChain, api, secp, position, token, privateKey, logger } = this.options;
    let commitment: string;
    try {
      commitment = await clientChain.bestBlockHash();
    } catch (e) {
      const error = `client chain: ${e instanceof Error ? e.message : String(e)}`;
      logger.error('commitment round failed', { error });
      return { ok: false, error };
    }
    try {
      const signature = privateKey === undefined ? '' : signCommitment(secp, privateKey, commitment);
      const response = await api.sendCommitment(encodeCommitmentEnvelope({ commitment, position, token }, signature));
      logger.info('commitment sent', { commitment, position, response });
      return { ok: true, commitment, response };
    } catch (e) {
      const error = `send: ${e instanceof Error ? e.message : String(e)}`;
      logger.error('commitment round failed', { commitment, error });
      return { ok: false, error };
    }
  }

  /** Rounds until `signal` aborts (the first one at once), `intervalMs` apart. */
  async run(signal: AbortSignal): Promise<void> {
    const { logger, intervalMs } = this.options;
    logger.info('recurrent commitments started', { position: this.options.position, intervalMs, signed: this.options.privateKey !== undefined });
    while (!signal.aborted) {
      const started = Date.now();
      await this.round();
      if (signal.aborted) break;
      try {
        await sleep(Math.max(0, intervalMs - (Date.now() - started)), undefined, { signal });
      } catch {
        break; // aborted
      }
    }
    logger.info('recurrent commitments stopped');
  }
}
