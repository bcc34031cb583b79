/**
 * Bitcoin Core 0.14's address manager (`CAddrMan`, addrman.{h,cpp}): a "new" table of addresses
 * heard about (1024 buckets, placed by the keyed hash of the address group and the source group)
 * and a "tried" table of addresses we connected to (256 buckets), 64 slots per bucket, with Core's
 * add / good / attempt / select / getaddr rules and its `peers.dat` serialization (so files move
 * between the original and this node).
 */
import { randomInt } from 'node:crypto';
import { Reader, Writer, sha256d } from '@ocean-ts/core';
import { addressGroup, isRoutableAddress, serviceToString } from './ip-address.js';

export const ADDRMAN_NEW_BUCKET_COUNT = 1 << 10;
export const ADDRMAN_TRIED_BUCKET_COUNT = 1 << 8;
export const ADDRMAN_BUCKET_SIZE = 1 << 6;
const TRIED_BUCKETS_PER_GROUP = 8;
const NEW_BUCKETS_PER_SOURCE_GROUP = 64;
const NEW_BUCKETS_PER_ADDRESS = 8;
const HORIZON_DAYS = 30;
const RETRIES = 3;
const MAX_FAILURES = 10;
const MIN_FAIL_DAYS = 7;
const GETADDR_MAX_PCT = 23;
const GETADDR_MAX = 2500;
const DAY = 24 * 60 * 60;

/** A `CAddress`: IP (16 bytes), port, services, last-seen time (seconds). */
export interface PeerAddress {
  readonly ip: Uint8Array;
  readonly port: number;
  readonly services: bigint;
  readonly time: number;
}

/** `CAddrInfo`: a `CAddress` plus what the manager tracks about it. */
export class AddrInfo implements PeerAddress {
  ip: Uint8Array;
  port: number;
  services: bigint;
  time: number;
  source: Uint8Array;
  lastSuccess = 0;
  lastTry = 0;
  lastCountAttempt = 0;
  attempts = 0;
  refCount = 0;
  inTried = false;
  randomPos = -1;

  constructor(a: PeerAddress, source: Uint8Array) {
    this.ip = a.ip.slice();
    this.port = a.port;
    this.services = a.services;
    this.time = a.time;
    this.source = source.slice();
  }

  /** `CService::GetKey`: the 16 address bytes and the big-endian port. */
  get key(): Uint8Array {
    const k = new Uint8Array(18);
    k.set(this.ip);
    k[16] = this.port >> 8;
    k[17] = this.port & 0xff;
    return k;
  }

  sameService(a: PeerAddress): boolean {
    return this.port === a.port && ipKey(this.ip) === ipKey(a.ip);
  }

  /** `IsTerrible`: not worth keeping or relaying. */
  isTerrible(now: number): boolean {
    if (this.lastTry !== 0 && this.lastTry >= now - 60) return false;
    if (this.time > now + 10 * 60) return true;
    if (this.time === 0 || now - this.time > HORIZON_DAYS * DAY) return true;
    if (this.lastSuccess === 0 && this.attempts >= RETRIES) return true;
    if (now - this.lastSuccess > MIN_FAIL_DAYS * DAY && this.attempts >= MAX_FAILURES) return true;
    return false;
  }

  /** `GetChance`: the relative selection weight. */
  chance(now: number): number {
    let c = 1;
    if (Math.max(now - this.lastTry, 0) < 60 * 10) c *= 0.01;
    return c * Math.pow(0.66, Math.min(this.attempts, 8));
  }

  toString(): string {
    return serviceToString(this.ip, this.port);
  }
}

export const ipKey = (ip: Uint8Array): string => Buffer.from(ip).toString('hex');

/** `CHashWriter(SER_GETHASH) ... GetHash().GetCheapHash()`: the first 8 bytes of SHA256d, LE. */
function cheapHash(write: (w: Writer) => void): bigint {
  const w = new Writer(96);
  write(w);
  const h = sha256d(w.finish());
  return new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, true);
}

export interface AddrManOptions {
  /** Seconds since the epoch (`GetAdjustedTime`). */
  readonly clock: () => number;
  /** `RandomInt(n)`: uniform in [0, n). */
  readonly random?: (n: number) => number;
}

export class AddrMan {
  #key: Uint8Array;
  /** `mapInfo`: id → entry. */
  readonly #info = new Map<number, AddrInfo>();
  /** `mapAddr`: IP → id (one entry per IP). */
  readonly #byIp = new Map<string, number>();
  #randomIds: number[] = [];
  #idCount = 0;
  #nNew = 0;
  #nTried = 0;
  #lastGood = 1;
  #vvNew: Int32Array = new Int32Array(ADDRMAN_NEW_BUCKET_COUNT * ADDRMAN_BUCKET_SIZE).fill(-1);
  #vvTried: Int32Array = new Int32Array(ADDRMAN_TRIED_BUCKET_COUNT * ADDRMAN_BUCKET_SIZE).fill(-1);
  readonly #random: (n: number) => number;

  constructor(
    key: Uint8Array,
    private readonly opts: AddrManOptions,
  ) {
    this.#key = key.slice();
    this.#random = opts.random ?? ((n) => (n <= 1 ? 0 : randomInt(n)));
  }

  get key(): Uint8Array {
    return this.#key;
  }

  /** `size()`: entries in either table. */
  get size(): number {
    return this.#randomIds.length;
  }

  get newCount(): number {
    return this.#nNew;
  }

  get triedCount(): number {
    return this.#nTried;
  }

  // ------------------------------------------------------------ bucket placement

  private triedBucket(a: AddrInfo): number {
    const h1 = cheapHash((w) => w.bytes(this.#key).varBytes(a.key));
    const h2 = cheapHash((w) => w.bytes(this.#key).varBytes(addressGroup(a.ip)).u64le(h1 % BigInt(TRIED_BUCKETS_PER_GROUP)));
    return Number(h2 % BigInt(ADDRMAN_TRIED_BUCKET_COUNT));
  }

  private newBucket(a: AddrInfo, source: Uint8Array = a.source): number {
    const srcGroup = addressGroup(source);
    const h1 = cheapHash((w) => w.bytes(this.#key).varBytes(addressGroup(a.ip)).varBytes(srcGroup));
    const h2 = cheapHash((w) => w.bytes(this.#key).varBytes(srcGroup).u64le(h1 % BigInt(NEW_BUCKETS_PER_SOURCE_GROUP)));
    return Number(h2 % BigInt(ADDRMAN_NEW_BUCKET_COUNT));
  }

  private bucketPosition(a: AddrInfo, isNew: boolean, bucket: number): number {
    const h = cheapHash((w) => w.bytes(this.#key).u8(isNew ? 0x4e : 0x4b).i32le(bucket).varBytes(a.key));
    return Number(h % BigInt(ADDRMAN_BUCKET_SIZE));
  }

  // ------------------------------------------------------------ table maintenance

  private find(ip: Uint8Array): [number, AddrInfo] | undefined {
    const id = this.#byIp.get(ipKey(ip));
    return id === undefined ? undefined : [id, this.#info.get(id)!];
  }

  private create(a: PeerAddress, source: Uint8Array): [number, AddrInfo] {
    const id = this.#idCount++;
    const info = new AddrInfo(a, source);
    this.#info.set(id, info);
    this.#byIp.set(ipKey(info.ip), id);
    info.randomPos = this.#randomIds.length;
    this.#randomIds.push(id);
    return [id, info];
  }

  private swapRandom(p1: number, p2: number): void {
    if (p1 === p2) return;
    const id1 = this.#randomIds[p1]!;
    const id2 = this.#randomIds[p2]!;
    this.#info.get(id1)!.randomPos = p2;
    this.#info.get(id2)!.randomPos = p1;
    this.#randomIds[p1] = id2;
    this.#randomIds[p2] = id1;
  }

  private delete(id: number): void {
    const info = this.#info.get(id)!;
    this.swapRandom(info.randomPos, this.#randomIds.length - 1);
    this.#randomIds.pop();
    this.#byIp.delete(ipKey(info.ip));
    this.#info.delete(id);
    this.#nNew--;
  }

  private clearNew(bucket: number, pos: number): void {
    const slot = bucket * ADDRMAN_BUCKET_SIZE + pos;
    const id = this.#vvNew[slot]!;
    if (id === -1) return;
    const info = this.#info.get(id)!;
    info.refCount--;
    this.#vvNew[slot] = -1;
    if (info.refCount === 0) this.delete(id);
  }

  private makeTried(id: number): void {
    const info = this.#info.get(id)!;
    for (let bucket = 0; bucket < ADDRMAN_NEW_BUCKET_COUNT; bucket++) {
      const slot = bucket * ADDRMAN_BUCKET_SIZE + this.bucketPosition(info, true, bucket);
      if (this.#vvNew[slot] === id) {
        this.#vvNew[slot] = -1;
        info.refCount--;
      }
    }
    this.#nNew--;
    const kb = this.triedBucket(info);
    const kslot = kb * ADDRMAN_BUCKET_SIZE + this.bucketPosition(info, false, kb);
    const evictId = this.#vvTried[kslot]!;
    if (evictId !== -1) {
      // the entry there goes back to the new table
      const old = this.#info.get(evictId)!;
      old.inTried = false;
      this.#vvTried[kslot] = -1;
      this.#nTried--;
      const ub = this.newBucket(old);
      const upos = this.bucketPosition(old, true, ub);
      this.clearNew(ub, upos);
      old.refCount = 1;
      this.#vvNew[ub * ADDRMAN_BUCKET_SIZE + upos] = evictId;
      this.#nNew++;
    }
    this.#vvTried[kslot] = id;
    this.#nTried++;
    info.inTried = true;
  }

  // ------------------------------------------------------------ operations

  /** `Add(vAddr, source, nTimePenalty)`: how many were new. */
  add(addrs: readonly PeerAddress[], source: Uint8Array, timePenalty = 0): number {
    let added = 0;
    for (const a of addrs) if (this.addOne(a, source, timePenalty)) added++;
    return added;
  }

  private addOne(a: PeerAddress, source: Uint8Array, timePenaltyIn: number): boolean {
    if (!isRoutableAddress(a.ip)) return false;
    let timePenalty = timePenaltyIn;
    if (ipKey(a.ip) === ipKey(source)) timePenalty = 0;
    let found = this.find(a.ip);
    let isNew = false;
    if (found !== undefined) {
      const info = found[1];
      const online = this.opts.clock() - a.time < DAY;
      const interval = online ? 60 * 60 : DAY;
      if (a.time !== 0 && (info.time === 0 || info.time < a.time - interval - timePenalty)) info.time = Math.max(0, a.time - timePenalty);
      info.services |= a.services;
      if (a.time === 0 || (info.time !== 0 && a.time <= info.time)) return false;
      if (info.inTried) return false;
      if (info.refCount === NEW_BUCKETS_PER_ADDRESS) return false;
      const factor = 2 ** info.refCount;
      if (factor > 1 && this.#random(factor) !== 0) return false;
    } else {
      found = this.create(a, source);
      found[1].time = Math.max(0, found[1].time - timePenalty);
      this.#nNew++;
      isNew = true;
    }
    const [id, info] = found;
    const ub = this.newBucket(info, source);
    const upos = this.bucketPosition(info, true, ub);
    const slot = ub * ADDRMAN_BUCKET_SIZE + upos;
    const existing = this.#vvNew[slot]!;
    if (existing !== id) {
      let insert = existing === -1;
      if (!insert) {
        const e = this.#info.get(existing)!;
        if (e.isTerrible(this.opts.clock()) || (e.refCount > 1 && info.refCount === 0)) insert = true;
      }
      if (insert) {
        this.clearNew(ub, upos);
        info.refCount++;
        this.#vvNew[slot] = id;
      } else if (info.refCount === 0) {
        this.delete(id);
      }
    }
    return isNew;
  }

  /** `Good`: a successful connection; moves the entry to the tried table. */
  good(a: PeerAddress, time = this.opts.clock()): void {
    this.#lastGood = time;
    const found = this.find(a.ip);
    if (found === undefined) return;
    const [id, info] = found;
    if (!info.sameService(a)) return;
    info.lastSuccess = time;
    info.lastTry = time;
    info.attempts = 0;
    if (info.inTried) return;
    const rnd = this.#random(ADDRMAN_NEW_BUCKET_COUNT);
    for (let n = 0; n < ADDRMAN_NEW_BUCKET_COUNT; n++) {
      const b = (n + rnd) % ADDRMAN_NEW_BUCKET_COUNT;
      if (this.#vvNew[b * ADDRMAN_BUCKET_SIZE + this.bucketPosition(info, true, b)] === id) {
        this.makeTried(id);
        return;
      }
    }
  }

  /** `Attempt`: a connection attempt (counted as a failure unless a success follows). */
  attempt(a: PeerAddress, countFailure: boolean, time = this.opts.clock()): void {
    const found = this.find(a.ip);
    if (found === undefined || !found[1].sameService(a)) return;
    const info = found[1];
    info.lastTry = time;
    if (countFailure && info.lastCountAttempt < this.#lastGood) {
      info.lastCountAttempt = time;
      info.attempts++;
    }
  }

  /** `Connected`: refresh the last-seen time of a peer we are connected to (every 20 minutes). */
  connected(a: PeerAddress, time = this.opts.clock()): void {
    const found = this.find(a.ip);
    if (found === undefined || !found[1].sameService(a)) return;
    if (time - found[1].time > 20 * 60) found[1].time = time;
  }

  /** `SetServices`. */
  setServices(a: PeerAddress, services: bigint): void {
    const found = this.find(a.ip);
    if (found === undefined || !found[1].sameService(a)) return;
    found[1].services = services;
  }

  /** `Select(newOnly)`: an address to try, weighted by `GetChance`; undefined when empty. */
  select(newOnly = false): AddrInfo | undefined {
    if (this.size === 0 || (newOnly && this.#nNew === 0)) return undefined;
    const now = this.opts.clock();
    const useTried = !newOnly && this.#nTried > 0 && (this.#nNew === 0 || this.#random(2) === 0);
    const table = useTried ? this.#vvTried : this.#vvNew;
    const buckets = useTried ? ADDRMAN_TRIED_BUCKET_COUNT : ADDRMAN_NEW_BUCKET_COUNT;
    let factor = 1;
    for (;;) {
      let b = this.#random(buckets);
      let p = this.#random(ADDRMAN_BUCKET_SIZE);
      while (table[b * ADDRMAN_BUCKET_SIZE + p] === -1) {
        b = (b + this.#random(0x100000000)) % buckets;
        p = (p + this.#random(0x100000000)) % ADDRMAN_BUCKET_SIZE;
      }
      const info = this.#info.get(table[b * ADDRMAN_BUCKET_SIZE + p]!)!;
      if (this.#random(1 << 30) < factor * info.chance(now) * (1 << 30)) return info;
      factor *= 1.2;
    }
  }

  /** `GetAddr`: up to 23% (at most 2500) random entries that are not terrible. */
  getAddr(): AddrInfo[] {
    const now = this.opts.clock();
    const want = Math.min(Math.floor((GETADDR_MAX_PCT * this.#randomIds.length) / 100), GETADDR_MAX);
    const out: AddrInfo[] = [];
    for (let n = 0; n < this.#randomIds.length && out.length < want; n++) {
      this.swapRandom(n, this.#random(this.#randomIds.length - n) + n);
      const info = this.#info.get(this.#randomIds[n]!)!;
      if (!info.isTerrible(now)) out.push(info);
    }
    return out;
  }

  /** Every entry (tests, diagnostics). */
  entries(): AddrInfo[] {
    return [...this.#info.values()];
  }

  // ------------------------------------------------------------ peers.dat

  /** `CAddrMan::Serialize` (format version 1); addresses carry `clientVersion` as on disk. */
  serialize(clientVersion: number): Uint8Array {
    const w = new Writer(4 * ADDRMAN_NEW_BUCKET_COUNT + 64 + this.size * 62);
    w.u8(1).u8(32).bytes(this.#key).i32le(this.#nNew).i32le(this.#nTried).i32le(ADDRMAN_NEW_BUCKET_COUNT ^ (1 << 30));
    const ids = [...this.#info.keys()].sort((a, b) => a - b);
    const index = new Map<number, number>();
    let n = 0;
    for (const id of ids) {
      index.set(id, n);
      const info = this.#info.get(id)!;
      if (info.refCount > 0) {
        writeInfo(w, info, clientVersion);
        n++;
      }
    }
    for (const id of ids) {
      const info = this.#info.get(id)!;
      if (info.inTried) writeInfo(w, info, clientVersion);
    }
    for (let bucket = 0; bucket < ADDRMAN_NEW_BUCKET_COUNT; bucket++) {
      const row = this.#vvNew.subarray(bucket * ADDRMAN_BUCKET_SIZE, (bucket + 1) * ADDRMAN_BUCKET_SIZE);
      w.i32le(row.filter((x) => x !== -1).length);
      for (const id of row) if (id !== -1) w.i32le(index.get(id)!);
    }
    return w.finish().slice();
  }

  /** `CAddrMan::Unserialize`; throws on malformed input (`PeersFile.decode` has validated it). */
  static deserialize(bytes: Uint8Array, opts: AddrManOptions): { addrman: AddrMan; lostNew: number; lostTried: number } {
    const r = new Reader(bytes);
    const version = r.u8();
    if (r.u8() !== 32) throw new Error('Incorrect keysize in addrman deserialization');
    const m = new AddrMan(r.bytesCopy(32, 'addrman key'), opts);
    const nNew = r.i32le();
    let nTried = r.i32le();
    let nUBuckets = r.i32le();
    if (version !== 0) nUBuckets ^= 1 << 30;
    const tableUsable = version === 1 && nUBuckets === ADDRMAN_NEW_BUCKET_COUNT;
    for (let n = 0; n < nNew; n++) {
      const info = readInfo(r);
      m.#info.set(n, info);
      m.#byIp.set(ipKey(info.ip), n);
      info.randomPos = m.#randomIds.length;
      m.#randomIds.push(n);
      if (!tableUsable) {
        const ub = m.newBucket(info);
        const slot = ub * ADDRMAN_BUCKET_SIZE + m.bucketPosition(info, true, ub);
        if (m.#vvNew[slot] === -1) {
          m.#vvNew[slot] = n;
          info.refCount++;
        }
      }
    }
    m.#nNew = nNew;
    m.#idCount = nNew;
    let lostTried = 0;
    for (let n = 0; n < nTried; n++) {
      const info = readInfo(r);
      const kb = m.triedBucket(info);
      const slot = kb * ADDRMAN_BUCKET_SIZE + m.bucketPosition(info, false, kb);
      if (m.#vvTried[slot] === -1) {
        info.randomPos = m.#randomIds.length;
        info.inTried = true;
        const id = m.#idCount++;
        m.#randomIds.push(id);
        m.#info.set(id, info);
        m.#byIp.set(ipKey(info.ip), id);
        m.#vvTried[slot] = id;
      } else lostTried++;
    }
    nTried -= lostTried;
    m.#nTried = nTried;
    for (let bucket = 0; bucket < nUBuckets; bucket++) {
      const size = r.i32le();
      for (let n = 0; n < size; n++) {
        const index = r.i32le();
        if (index < 0 || index >= nNew) continue;
        const info = m.#info.get(index)!;
        const slot = bucket * ADDRMAN_BUCKET_SIZE + m.bucketPosition(info, true, bucket);
        if (tableUsable && m.#vvNew[slot] === -1 && info.refCount < NEW_BUCKETS_PER_ADDRESS) {
          info.refCount++;
          m.#vvNew[slot] = index;
        }
      }
    }
    let lostNew = 0;
    for (const [id, info] of [...m.#info.entries()].sort((a, b) => a[0] - b[0])) {
      if (!info.inTried && info.refCount === 0) {
        m.delete(id);
        lostNew++;
      }
    }
    return { addrman: m, lostNew, lostTried };
  }
}

/** `CAddrInfo` on disk: CAddress (version, time, services, ip, port BE), source ip, last success, attempts. */
function writeInfo(w: Writer, info: AddrInfo, clientVersion: number): void {
  w.i32le(clientVersion).u32le(info.time >>> 0).u64le(info.services).bytes(info.ip).u8(info.port >> 8).u8(info.port & 0xff);
  w.bytes(info.source).i64le(BigInt(info.lastSuccess)).i32le(info.attempts);
}

function readInfo(r: Reader): AddrInfo {
  r.i32le(); // serialization version
  const time = r.u32le();
  const services = r.u64le();
  const ip = r.bytesCopy(16, 'address');
  const port = (r.u8() << 8) | r.u8();
  const info = new AddrInfo({ ip, port, services, time }, r.bytesCopy(16, 'source'));
  info.lastSuccess = Number(r.i64le());
  info.attempts = r.i32le();
  return info;
}
