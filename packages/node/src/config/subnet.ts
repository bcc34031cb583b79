import { isIPv4Address, lookupHost } from '../net/ip-address.js';
import { NetSubnet } from '../net/net-subnet.js';

/**
 * An IP network as `-rpcallowip` and `-whitelist` take it: Core 0.14's `LookupSubNet` followed by
 * `IsValid()` (a single address, `addr/CIDR` or `addr/netmask`, `[v6]` brackets allowed), or
 * undefined when the start-up must fail.
 *
 * One rule is stricter than the original: a netmask must be of the address's family. Core 0.14
 * copies the mask's last bytes over whatever family it has, so `1.2.3.4/ffff::` would become
 * `0.0.0.0/0` and allow every client; here it is an invalid specification. `setban` keeps Core's
 * reading.
 */
export function parseConfigSubnet(text: string): NetSubnet | undefined {
  const subnet = NetSubnet.parse(text);
  if (subnet === undefined || !subnet.valid) return undefined;
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    const mask = lookupHost(text.slice(slash + 1));
    const addr = lookupHost(text.slice(0, slash))!;
    if (mask !== undefined && isIPv4Address(mask) !== isIPv4Address(addr)) return undefined;
  }
  return subnet;
}

/** Whether a client address (text, e.g. a socket's `remoteAddress`) lies in one of the networks. */
export function addressInSubnets(subnets: readonly NetSubnet[], address: string): boolean {
  const addr = lookupHost(address);
  return addr !== undefined && subnets.some((s) => s.match(addr));
}
