// ThreadOpenConnections' choices with an injected clock and randomness: the feeler schedule and
// the addrman address rules (netgroup diversity, nTries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddrMan } from '../../src/net/addr-man.js';
import { lookupHost } from '../../src/net/ip-address.js';
import { FEELER_INTERVAL, FeelerTimer, groupKey, poissonNextSend, selectOutboundAddress, type OutboundChoice } from '../../src/net/outbound-selector.js';

const NOW = 1_700_000_000;
const ip = (s: string) => lookupHost(s)!;
const src = ip('5.5.5.5');

/** A deterministic uniform source in [0, n) (mulberry32). */
function rng(seed = 1): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const x = ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
    return n <= 1 ? 0 : Math.floor(x * n);
  };
}

function choice(addrman: AddrMan, over: Partial<OutboundChoice> = {}): OutboundChoice {
  return {
    addrman,
    feeler: false,
    connectedGroups: new Set(),
    outboundCount: 0,
    maxOutbound: 8,
    now: NOW,
    defaultPort: 7042,
    relevantServices: 9n,
    isLocal: () => false,
    isLimited: () => false,
    ...over,
  };
}

test('the feeler timer: due only after its Poisson deadline, then rescheduled from now', () => {
  assert.equal(poissonNextSend(1_000_000, FEELER_INTERVAL, () => 0), 1_000_000);
  // -ln(1 - 0.5) × 120 s
  assert.equal(poissonNextSend(0, FEELER_INTERVAL, () => 0.5), Math.trunc(Math.log(2) * 120e6 + 0.5));
  const timer = new FeelerTimer(NOW * 1e6, () => 0.5);
  const first = timer.next;
  assert.equal(first, NOW * 1e6 + Math.trunc(Math.log(2) * 120e6 + 0.5));
  assert.equal(timer.due(first - 1), false);
  assert.equal(timer.due(first), false);
  assert.equal(timer.due(first + 1), true);
  assert.equal(timer.next, first + 1 + Math.trunc(Math.log(2) * 120e6 + 0.5));
  assert.equal(timer.due(first + 2), false);
});

test('one outbound peer per network group; local addresses end the round', () => {
  const m = new AddrMan(new Uint8Array(32).fill(1), { clock: () => NOW, random: rng(3) });
  m.add([{ ip: ip('8.8.8.8'), port: 7042, services: 9n, time: NOW - 100 }], src);
  assert.equal(selectOutboundAddress(choice(m))!.toString(), '8.8.8.8:7042');
  assert.equal(selectOutboundAddress(choice(m, { connectedGroups: new Set([groupKey(ip('8.8.1.1'))]) })), undefined);
  assert.equal(selectOutboundAddress(choice(m, { isLocal: () => true })), undefined);
  assert.equal(selectOutboundAddress(choice(m, { isLimited: () => true })), undefined); // 100 tries, none usable
  // feelers draw from the new table only
  assert.equal(selectOutboundAddress(choice(m, { feeler: true }))!.toString(), '8.8.8.8:7042');
  m.good({ ip: ip('8.8.8.8'), port: 7042, services: 9n, time: 0 }, NOW - 3600);
  assert.equal(selectOutboundAddress(choice(m, { feeler: true })), undefined);
  assert.equal(selectOutboundAddress(choice(m))!.toString(), '8.8.8.8:7042');
});

test('nTries: recently tried after 30, missing services after 40 (and only below half the slots), other ports after 50', () => {
  const tried = (services: bigint, port: number, lastTryAgo: number) => {
    const m = new AddrMan(new Uint8Array(32).fill(2), { clock: () => NOW, random: rng(7) });
    m.add([{ ip: ip('8.8.8.8'), port, services, time: NOW - 100 }], src);
    if (lastTryAgo >= 0) m.attempt({ ip: ip('8.8.8.8'), port, services, time: 0 }, false, NOW - lastTryAgo);
    return m;
  };
  // only full nodes, whatever the number of tries
  assert.equal(selectOutboundAddress(choice(tried(8n, 7042, -1))), undefined);
  // tried 5 minutes ago: taken once 30 tries passed (the only address keeps being selected)
  assert.equal(selectOutboundAddress(choice(tried(9n, 7042, 300)))!.toString(), '8.8.8.8:7042');
  let seen = 0;
  const counting = tried(9n, 7042, 300);
  const orig = counting.select.bind(counting);
  counting.select = (n?: boolean) => {
    seen++;
    return orig(n);
  };
  selectOutboundAddress(choice(counting));
  assert.equal(seen, 30);
  // NODE_NETWORK without NODE_WITNESS: after 40 tries while fewer than half the slots are used; never at half
  const noWitness = tried(1n, 7042, -1);
  let n = 0;
  const o2 = noWitness.select.bind(noWitness);
  noWitness.select = (x?: boolean) => (n++, o2(x));
  assert.equal(selectOutboundAddress(choice(noWitness, { outboundCount: 3 }))!.toString(), '8.8.8.8:7042');
  assert.equal(n, 40);
  assert.equal(selectOutboundAddress(choice(tried(1n, 7042, -1), { outboundCount: 4 })), undefined);
  // a non-default port after 50 tries
  const otherPort = tried(9n, 17042, -1);
  let k = 0;
  const o3 = otherPort.select.bind(otherPort);
  otherPort.select = (x?: boolean) => (k++, o3(x));
  assert.equal(selectOutboundAddress(choice(otherPort))!.toString(), '8.8.8.8:17042');
  assert.equal(k, 50);
});
