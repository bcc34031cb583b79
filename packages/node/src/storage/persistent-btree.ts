/**
 * A persistent (copy-on-write) B+tree from string keys to values, ordered by JS string comparison
 * (UTF-16 code units; with one char per byte, that is memcmp order on the bytes).
 *
 * `snapshot()` is O(1): it hands out the current root and starts a new edit generation, so the nodes
 * it shares are never changed again — later writes copy the path they touch. Within one generation
 * nodes are updated in place (the "transient" trick), so a run of writes costs about what a mutable
 * B+tree does. The in-memory KvStore builds snapshot iteration and `fork()` on this.
 */

const MAX = 64; // most keys in a leaf / children in a branch
const MIN = MAX >> 1; // fewest, except at the root

type Edit = object;

interface Leaf<V> {
  readonly leaf: true;
  edit: Edit;
  keys: string[];
  vals: V[];
}

interface Branch<V> {
  readonly leaf: false;
  edit: Edit;
  /** keys[i] separates children[i] (keys < keys[i]) from children[i + 1] (keys >= keys[i]). */
  keys: string[];
  children: Node<V>[];
}

type Node<V> = Leaf<V> | Branch<V>;

/** A frozen tree: the root of a snapshot and its entry count. */
export interface TreeSnapshot<V> {
  readonly root: Node<V>;
  readonly size: number;
}

/** First index whose key is >= k. */
function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > k. */
function upperBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nodeSize<V>(n: Node<V>): number {
  return n.leaf ? n.keys.length : n.children.length;
}

interface Split<V> {
  readonly sep: string;
  readonly right: Node<V>;
}

export class PersistentBTree<V> {
  private root: Node<V>;
  private _size: number;
  private edit: Edit = {};

  constructor(from?: TreeSnapshot<V>) {
    if (from) {
      this.root = from.root;
      this._size = from.size;
    } else {
      this.root = { leaf: true, edit: this.edit, keys: [], vals: [] };
      this._size = 0;
    }
  }

  get size(): number {
    return this._size;
  }

  get(key: string): V | undefined {
    let node = this.root;
    while (!node.leaf) node = node.children[upperBound(node.keys, key)]!;
    const i = lowerBound(node.keys, key);
    return i < node.keys.length && node.keys[i] === key ? node.vals[i] : undefined;
  }

  has(key: string): boolean {
    let node = this.root;
    while (!node.leaf) node = node.children[upperBound(node.keys, key)]!;
    const i = lowerBound(node.keys, key);
    return i < node.keys.length && node.keys[i] === key;
  }

  /** Freezes the current state: the returned nodes are never modified afterwards. */
  snapshot(): TreeSnapshot<V> {
    this.edit = {};
    return { root: this.root, size: this._size };
  }

  set(key: string, val: V): void {
    const root = this.own(this.root);
    this.root = root;
    const split = this.insertOwned(root, key, val);
    if (split !== undefined) this.root = { leaf: false, edit: this.edit, keys: [split.sep], children: [root, split.right] };
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: string): boolean {
    const root = this.remove(this.root, key);
    if (root === undefined) return false;
    this.root = !root.leaf && root.children.length === 1 ? root.children[0]! : root;
    return true;
  }

  /** Entries with gte <= key < lt in ascending order, from a snapshot. */
  static *ascending<V>(snap: TreeSnapshot<V>, gte: string | undefined, lt: string | undefined): Generator<V> {
    const stack: { node: Branch<V>; i: number }[] = [];
    let node = snap.root;
    while (!node.leaf) {
      const i = gte === undefined ? 0 : upperBound(node.keys, gte);
      stack.push({ node, i });
      node = node.children[i]!;
    }
    let leaf: Leaf<V> = node;
    let j = gte === undefined ? 0 : lowerBound(leaf.keys, gte);
    for (;;) {
      const keys = leaf.keys;
      for (; j < keys.length; j++) {
        if (lt !== undefined && keys[j]! >= lt) return;
        yield leaf.vals[j]!;
      }
      let top: { node: Branch<V>; i: number } | undefined;
      do {
        top = stack.pop();
        if (top === undefined) return;
        top.i++;
      } while (top.i >= top.node.children.length);
      stack.push(top);
      let n = top.node.children[top.i]!;
      while (!n.leaf) {
        stack.push({ node: n, i: 0 });
        n = n.children[0]!;
      }
      leaf = n;
      j = 0;
    }
  }

  /** Entries with gte <= key < lt in descending order, from a snapshot. */
  static *descending<V>(snap: TreeSnapshot<V>, gte: string | undefined, lt: string | undefined): Generator<V> {
    const stack: { node: Branch<V>; i: number }[] = [];
    let node = snap.root;
    while (!node.leaf) {
      const i = lt === undefined ? node.children.length - 1 : lowerBound(node.keys, lt);
      stack.push({ node, i });
      node = node.children[i]!;
    }
    let leaf: Leaf<V> = node;
    let j = (lt === undefined ? leaf.keys.length : lowerBound(leaf.keys, lt)) - 1;
    for (;;) {
      const keys = leaf.keys;
      for (; j >= 0; j--) {
        if (gte !== undefined && keys[j]! < gte) return;
        yield leaf.vals[j]!;
      }
      let top: { node: Branch<V>; i: number } | undefined;
      do {
        top = stack.pop();
        if (top === undefined) return;
        top.i--;
      } while (top.i < 0);
      stack.push(top);
      let n = top.node.children[top.i]!;
      while (!n.leaf) {
        stack.push({ node: n, i: n.children.length - 1 });
        n = n.children[n.children.length - 1]!;
      }
      leaf = n;
      j = leaf.keys.length - 1;
    }
  }

  // ---- copy-on-write plumbing ----

  private own<N extends Node<V>>(n: N): N {
    if (n.edit === this.edit) return n;
    if (n.leaf) return { leaf: true, edit: this.edit, keys: n.keys.slice(), vals: n.vals.slice() } as Leaf<V> as N;
    return { leaf: false, edit: this.edit, keys: n.keys.slice(), children: n.children.slice() } as Branch<V> as N;
  }

  private insertOwned(n: Node<V>, key: string, val: V): Split<V> | undefined {
    if (n.leaf) {
      const i = lowerBound(n.keys, key);
      if (i < n.keys.length && n.keys[i] === key) {
        n.vals[i] = val;
        return undefined;
      }
      n.keys.splice(i, 0, key);
      n.vals.splice(i, 0, val);
      this._size++;
      if (n.keys.length <= MAX) return undefined;
      const half = n.keys.length >> 1;
      const right: Leaf<V> = { leaf: true, edit: this.edit, keys: n.keys.splice(half), vals: n.vals.splice(half) };
      return { sep: right.keys[0]!, right };
    }
    const i = upperBound(n.keys, key);
    const child = this.own(n.children[i]!);
    n.children[i] = child;
    const split = this.insertOwned(child, key, val);
    if (split === undefined) return undefined;
    n.keys.splice(i, 0, split.sep);
    n.children.splice(i + 1, 0, split.right);
    if (n.children.length <= MAX) return undefined;
    const mid = n.keys.length >> 1;
    const sep = n.keys[mid]!;
    const right: Branch<V> = { leaf: false, edit: this.edit, keys: n.keys.slice(mid + 1), children: n.children.slice(mid + 1) };
    n.keys.length = mid;
    n.children.length = mid + 1;
    return { sep, right };
  }

  /** Removes `key` below `node`; returns the (owned) replacement node, or undefined when absent. */
  private remove(node: Node<V>, key: string): Node<V> | undefined {
    if (node.leaf) {
      const i = lowerBound(node.keys, key);
      if (i >= node.keys.length || node.keys[i] !== key) return undefined;
      const n = this.own(node);
      n.keys.splice(i, 1);
      n.vals.splice(i, 1);
      this._size--;
      return n;
    }
    const i = upperBound(node.keys, key);
    const child = this.remove(node.children[i]!, key);
    if (child === undefined) return undefined;
    const n = this.own(node);
    n.children[i] = child;
    if (nodeSize(child) < MIN) this.rebalance(n, i);
    return n;
  }

  /** Child `i` of the owned branch `n` is owned and underfull: borrow from a sibling or merge. */
  private rebalance(n: Branch<V>, i: number): void {
    const child = n.children[i]!;
    const left = i > 0 ? n.children[i - 1]! : undefined;
    const right = i + 1 < n.children.length ? n.children[i + 1]! : undefined;
    if (left !== undefined && nodeSize(left) > MIN) {
      const l = this.own(left);
      n.children[i - 1] = l;
      if (l.leaf && child.leaf) {
        child.keys.unshift(l.keys.pop()!);
        child.vals.unshift(l.vals.pop()!);
        n.keys[i - 1] = child.keys[0]!;
      } else if (!l.leaf && !child.leaf) {
        child.keys.unshift(n.keys[i - 1]!);
        child.children.unshift(l.children.pop()!);
        n.keys[i - 1] = l.keys.pop()!;
      }
    } else if (right !== undefined && nodeSize(right) > MIN) {
      const r = this.own(right);
      n.children[i + 1] = r;
      if (r.leaf && child.leaf) {
        child.keys.push(r.keys.shift()!);
        child.vals.push(r.vals.shift()!);
        n.keys[i] = r.keys[0]!;
      } else if (!r.leaf && !child.leaf) {
        child.keys.push(n.keys[i]!);
        child.children.push(r.children.shift()!);
        n.keys[i] = r.keys.shift()!;
      }
    } else if (left !== undefined) {
      this.merge(n, i - 1);
    } else if (right !== undefined) {
      this.merge(n, i);
    }
  }

  /** Merges children j and j + 1 of the owned branch `n` into child j. */
  private merge(n: Branch<V>, j: number): void {
    const l = this.own(n.children[j]!);
    const r = n.children[j + 1]!;
    if (l.leaf && r.leaf) {
      for (let k = 0; k < r.keys.length; k++) {
        l.keys.push(r.keys[k]!);
        l.vals.push(r.vals[k]!);
      }
    } else if (!l.leaf && !r.leaf) {
      l.keys.push(n.keys[j]!);
      for (const k of r.keys) l.keys.push(k);
      for (const c of r.children) l.children.push(c);
    }
    n.children[j] = l;
    n.keys.splice(j, 1);
    n.children.splice(j + 1, 1);
  }

  /** Checks the B+tree invariants (for tests); throws on the first violation. */
  checkInvariants(): void {
    let count = 0;
    let leafDepth = -1;
    const walk = (node: Node<V>, lo: string | undefined, hi: string | undefined, depth: number, isRoot: boolean): void => {
      const size = nodeSize(node);
      if (!isRoot && size < MIN) throw new Error(`underfull node (${size}) at depth ${depth}`);
      if (size > MAX) throw new Error(`overfull node (${size}) at depth ${depth}`);
      for (let k = 1; k < node.keys.length; k++) if (!(node.keys[k - 1]! < node.keys[k]!)) throw new Error('keys out of order');
      for (const k of node.keys) {
        if (lo !== undefined && k < lo) throw new Error('key below its lower separator');
        if (hi !== undefined && k >= hi) throw new Error('key at or above its upper separator');
      }
      if (node.leaf) {
        if (node.vals.length !== node.keys.length) throw new Error('leaf keys/vals length mismatch');
        if (leafDepth === -1) leafDepth = depth;
        else if (leafDepth !== depth) throw new Error('leaves at different depths');
        count += node.keys.length;
        return;
      }
      if (node.keys.length !== node.children.length - 1) throw new Error('branch keys/children mismatch');
      if (isRoot && node.children.length < 2) throw new Error('branch root with one child');
      for (let c = 0; c < node.children.length; c++) {
        walk(node.children[c]!, c === 0 ? lo : node.keys[c - 1], c === node.keys.length ? hi : node.keys[c], depth + 1, false);
      }
    };
    walk(this.root, undefined, undefined, 0, true);
    if (count !== this._size) throw new Error(`size ${this._size} but ${count} entries`);
  }
}
