import { TestNode } from '../../../rpc/methods/support/test-node.js';
import { Clock, Link, ProcessorUnderTest } from './fake-network.js';
import type { MessageProcessorOptions } from '../../../../src/net/processing/processor-host.js';

export const START = 1_600_000_000;

export interface Pair {
  readonly a: TestNode;
  readonly b: TestNode;
  readonly pa: ProcessorUnderTest;
  readonly pb: ProcessorUnderTest;
}

/** Two regtest nodes (`a` with `aBlocks` mined, `b` with its own `bBlocks`), clocks past every block. */
export async function pair(aBlocks: number, bBlocks = 0, extra: Partial<MessageProcessorOptions> = {}): Promise<Pair> {
  const a = await TestNode.create({ now: START });
  const b = await TestNode.create({ now: START + 1000 });
  await a.generate(aBlocks);
  await b.generate(bBlocks);
  const t = Math.max(a.time, b.time) + 10;
  a.time = t;
  b.time = t;
  const pa = new ProcessorUnderTest(a, new Clock(t * 1000), extra);
  const pb = new ProcessorUnderTest(b, new Clock(t * 1000), extra);
  return { a, b, pa, pb };
}

/** `pair`, linked (`a` connected out to `b`) and synced. */
export async function syncedPair(blocks: number, extra: Partial<MessageProcessorOptions> = {}): Promise<Pair & { link: Link }> {
  const p = await pair(blocks, 0, extra);
  const link = new Link(p.pa, p.pb);
  link.connect();
  await link.pump();
  if (p.b.chain.height !== blocks) throw new Error(`sync failed: ${p.b.chain.height}`);
  return { ...p, link };
}

/** Advance both nodes' clocks (seconds and the processors' ms clocks) by `ms`. */
export function advance(p: Pair, ms: number): void {
  p.pa.clock.ms += ms;
  p.pb.clock.ms += ms;
  p.a.time = Math.floor(p.pa.clock.ms / 1000);
  p.b.time = Math.floor(p.pb.clock.ms / 1000);
}
