// HeaderNode: the height of a header-only entry is fixed when it joins the tree. Computing it
// from the parent on every read walked the whole header-only chain, which made a real
// 2,000-block P2P sync spend most of its CPU in that getter (quadratic in the headers ahead).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockHeader } from '@ocean-ts/core';
import { HeaderNode, lastCommonAncestor, type KnownHeader } from '../../../src/net/processing/known-header.js';

function header(height: number, prev: Uint8Array): BlockHeader {
  return new BlockHeader(0x20000000, prev, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), 1_700_000_000 + height, height, Uint8Array.of(0x51), new Uint8Array(0));
}

/** A stored entry stand-in that counts how often its height is read. */
class CountingRoot implements KnownHeader {
  reads = 0;
  readonly header = header(10, new Uint8Array(32));
  readonly parent = undefined;
  readonly medianTimePast = 0;
  get height(): number {
    this.reads++;
    return 10;
  }
  get hash(): Uint8Array {
    return this.header.hash;
  }
  ancestor(height: number): KnownHeader | undefined {
    return height === 10 ? this : undefined;
  }
}

describe('HeaderNode', () => {
  it('reads its height without walking back to the stored chain', () => {
    const root = new CountingRoot();
    let tip: KnownHeader = root;
    for (let i = 0; i < 2000; i++) tip = new HeaderNode(header(11 + i, tip.hash), tip, i);
    const built = root.reads;
    assert.equal(built, 1, 'only the first header-only entry reads the stored parent’s height');
    for (let i = 0; i < 1000; i++) assert.equal(tip.height, 2010);
    assert.equal(root.reads, built);
    // ancestors and the common ancestor are still right
    assert.equal(tip.ancestor(1010)!.height, 1010);
    assert.equal(tip.ancestor(10), root);
    assert.equal(lastCommonAncestor(tip, tip.ancestor(500)!)!.height, 500);
  });
});
