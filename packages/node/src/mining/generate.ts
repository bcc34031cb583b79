import { OP, bytesEqual, checkProof, toDisplayHex, type Block, type Secp256k1 } from '@ocean-ts/core';
import type { BlockAssembler } from './block-assembler.js';
import type { AncestorSource, TipInfo } from './chain-context.js';
import type { TemplateSource } from './template-source.js';

/** `generate`'s error when the chain needs block signatures (-32601). */
export const SIGNED_CHAIN_GENERATE_MESSAGE = 'This method cannot be used with a block-signature-required chain';

export class GenerateError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What `generate` needs from the node, re-read before every block. */
export interface GenerateHost {
  tip(): TipInfo;
  ancestors(): AncestorSource;
  templateSource(): TemplateSource;
  /** Adjusted time now (seconds). */
  now(): number;
  /** `ProcessNewBlock(block, forceProcessing = true)`: true when accepted. */
  processNewBlock(block: Block): Promise<boolean>;
  /**
   * The wallet's `GetScriptForMining` (a reserved pool key, paid as P2PK), when the node has a
   * wallet; it replaces the caller's fallback destination. Throws the wallet's error when no key can
   * be reserved.
   */
  reserveCoinbaseScript?(): Promise<CoinbaseReservation>;
}

/** A coinbase destination reserved from the wallet's key pool (`CReserveScript`). */
export interface CoinbaseReservation {
  readonly script: Uint8Array;
  /** `KeepScript()`: the key leaves the pool for good. */
  keep(): Promise<void>;
  /** The key goes back to the pool (nothing was paid to it). */
  release(): void;
}

/** True when the challenge is exactly OP_TRUE. */
export function isTrivialChallenge(challenge: Uint8Array): boolean {
  return bytesEqual(challenge, Uint8Array.of(OP.OP_TRUE));
}

/**
 * `IncrementExtraNonce`'s counter: reset when the previous block changes, then incremented, so a
 * fresh tip always gives extra nonce 1.
 */
export class ExtraNonce {
  private prev: Uint8Array | undefined;
  private n = 0;
  next(prevHash: Uint8Array): number {
    if (!this.prev || !bytesEqual(this.prev, prevHash)) {
      this.prev = prevHash.slice();
      this.n = 0;
    }
    return ++this.n;
  }
}

/**
 * `generate nblocks` / `generatetoaddress`: build, check the proof (OP_TRUE needs no work), and
 * process `n` blocks on the current tip; returns their hashes (display hex). Refuses with -32601
 * when the genesis challenge (`-signblockscript`) is not OP_TRUE; a block the node does not accept
 * is -32603 `ProcessNewBlock, block not accepted`. `coinbaseScript(height)` gives the fallback
 * destination (wallet key / address); the mandatory one for the height wins.
 */
export async function generateBlocks(
  n: number,
  coinbaseScript: (height: number) => Uint8Array,
  assembler: BlockAssembler,
  host: GenerateHost,
  secp: Secp256k1,
  extraNonce: ExtraNonce = new ExtraNonce(),
): Promise<string[]> {
  const params = assembler.params;
  if (!isTrivialChallenge(params.consensus.genesisChallenge)) throw new GenerateError(-32601, SIGNED_CHAIN_GENERATE_MESSAGE);
  const hashes: string[] = [];
  // Core reserves one wallet key per `generate` call and keeps it once a block paid to it.
  const reserved = host.reserveCoinbaseScript ? await host.reserveCoinbaseScript() : undefined;
  let kept = false;
  try {
    for (let i = 0; i < n; i++) {
      const tip = host.tip();
      const height = tip.height + 1;
      const fallback = reserved ? reserved.script : coinbaseScript(height);
      const destination = assembler.coinbaseDestination(height, fallback);
      const { block } = assembler.createNewBlock({
        tip,
        ancestors: host.ancestors(),
        now: host.now(),
        coinbaseScript: destination,
        extraNonce: extraNonce.next(tip.hash),
        source: host.templateSource(),
      });
      if (!checkProof(block.header, params.genesisHash, secp)) throw new GenerateError(-32601, SIGNED_CHAIN_GENERATE_MESSAGE);
      if (!(await host.processNewBlock(block))) throw new GenerateError(-32603, 'ProcessNewBlock, block not accepted');
      if (reserved && !kept && destination === fallback) {
        await reserved.keep();
        kept = true;
      }
      hashes.push(toDisplayHex(block.hash));
    }
  } finally {
    if (reserved && !kept) reserved.release();
  }
  return hashes;
}
