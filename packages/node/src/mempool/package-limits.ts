/** `CalculateMemPoolAncestors` for a transaction about to enter the pool (Core 0.14 limits and texts). */
import type { MempoolOptions } from './options.js';
import type { PoolIndex } from './pool-index.js';

type Limits = Pick<MempoolOptions, 'limitAncestorCount' | 'limitAncestorSize' | 'limitDescendantCount' | 'limitDescendantSize'>;

const NO_LIMITS: Limits = { limitAncestorCount: Infinity, limitAncestorSize: Infinity, limitDescendantCount: Infinity, limitDescendantSize: Infinity };

/**
 * The in-pool ancestors of a new entry of virtual size `entrySize` with in-pool `parents`, or the
 * text of the first package limit it breaks (`too-long-mempool-chain`'s debug message).
 * `noLimits` (re-adding a disconnected block's transactions) checks nothing.
 */
export function calculateAncestors(index: PoolIndex, parents: ReadonlySet<string>, entrySize: number, limits: Limits, noLimits: boolean): Set<string> | string {
  const o = noLimits ? NO_LIMITS : limits;
  if (parents.size + 1 > o.limitAncestorCount) return `too many unconfirmed parents [limit: ${o.limitAncestorCount}]`;
  const ancestors = new Set<string>();
  const staged = [...parents];
  let totalSize = entrySize;
  while (staged.length > 0) {
    const id = staged.pop()!;
    if (ancestors.has(id)) continue;
    const e = index.get(id)!;
    ancestors.add(id);
    totalSize += e.vsize;
    if (e.descendants.size + entrySize > o.limitDescendantSize) {
      return `exceeds descendant size limit for tx ${id} [limit: ${o.limitDescendantSize}]`;
    } else if (e.descendants.count + 1 > o.limitDescendantCount) {
      return `too many descendants for tx ${id} [limit: ${o.limitDescendantCount}]`;
    } else if (totalSize > o.limitAncestorSize) {
      return `exceeds ancestor size limit [limit: ${o.limitAncestorSize}]`;
    }
    for (const p of e.parents) if (!ancestors.has(p)) staged.push(p);
    if (ancestors.size + 1 > o.limitAncestorCount) return `too many unconfirmed ancestors [limit: ${o.limitAncestorCount}]`;
  }
  return ancestors;
}
