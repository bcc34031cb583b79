import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import type { Chainstate } from '../../chain/chainstate.js';
import { sameHeader, type KnownHeader } from './known-header.js';

/**
 * `CChain::GetLocator(pindex)`: the hash of `from`, then of ancestors one by one for ten steps,
 * then at exponentially growing distances, and genesis last. Ancestors on the active chain are
 * read from it.
 */
export function blockLocator(chain: Chainstate, from: KnownHeader): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  let step = 1;
  let e: KnownHeader | undefined = from;
  while (e !== undefined) {
    hashes.push(e.hash);
    if (e.height === 0) break;
    const height = Math.max(e.height - step, 0);
    const activeHash = chain.getBlockHash(e.height);
    const onActive: boolean = activeHash !== undefined && sameHeader(e, chain.getEntry(activeHash));
    e = onActive ? chain.getEntry(chain.getBlockHash(height)!) : e.ancestor(height);
    if (hashes.length > 10) step *= 2;
  }
  return hashes;
}

/** `FindForkInGlobalIndex`: the first locator hash on the active chain, else genesis. */
export function findForkInActiveChain(chain: Chainstate, locator: readonly Uint8Array[]): BlockIndexEntry {
  for (const hash of locator) {
    const e = chain.getEntry(hash);
    if (e !== undefined && chain.isInActiveChain(e)) return e;
  }
  return chain.getEntry(chain.getBlockHash(0)!)!;
}

/** `chainActive.Next(entry)`: the active-chain successor of an active-chain entry. */
export function nextInActiveChain(chain: Chainstate, entry: BlockIndexEntry): BlockIndexEntry | undefined {
  if (!chain.isInActiveChain(entry)) return undefined;
  const h = chain.getBlockHash(entry.height + 1);
  return h === undefined ? undefined : chain.getEntry(h);
}
