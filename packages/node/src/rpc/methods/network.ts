/** Network RPCs (Bitcoin Core 0.14's rpc/net.cpp) over the connection manager. */
import { JsonNumber, JsonObject, amountJson } from '@ocean-ts/core';
import { ConnectionManager } from '../../net/connection-manager.js';
import { NETWORK_NAMES } from '../../net/local-addresses.js';
import { NetSubnet } from '../../net/net-subnet.js';
import type { PeerInfo } from '../../net/network-state.js';
import {
  RPC_CLIENT_INVALID_IP_OR_SUBNET,
  RPC_CLIENT_NODE_ALREADY_ADDED,
  RPC_CLIENT_NODE_NOT_ADDED,
  RPC_CLIENT_NODE_NOT_CONNECTED,
  RPC_MISC_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { getBool, getInt64, getStr, isTrue } from './univalue-params.js';
import { CLIENT_VERSION, PROTOCOL_VERSION } from '../../version.js';

/** UniValue's `setFloat`: `std::setprecision(16)` in the default float format (like `%.16g`). */
export function formatDouble(x: number): JsonNumber {
  if (x === 0) return JsonNumber.of(0);
  const exp = Math.floor(Math.log10(Math.abs(x)));
  const strip = (t: string) => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  if (exp < -4 || exp >= 16) {
    const [m, e] = x.toExponential(15).split('e') as [string, string];
    const n = Number(e);
    return JsonNumber.verbatim(`${strip(m)}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`);
  }
  return JsonNumber.verbatim(strip(x.toFixed(Math.max(0, 15 - exp))));
}

const hex16 = (x: bigint): string => x.toString(16).padStart(16, '0');

/** One getpeerinfo object, in Core 0.14's field order. */
function peerJson(p: PeerInfo): JsonObject {
  const o = new JsonObject();
  o.push('id', p.id).push('addr', p.addr);
  if (p.addrLocal !== '') o.push('addrlocal', p.addrLocal);
  o.push('services', hex16(p.services)).push('relaytxes', p.relayTxes).push('lastsend', p.lastSend).push('lastrecv', p.lastRecv);
  o.push('bytessent', p.bytesSent).push('bytesrecv', p.bytesRecv).push('conntime', p.connTime).push('timeoffset', p.timeOffset);
  if (p.pingUsec > 0) o.push('pingtime', formatDouble(p.pingUsec / 1e6));
  if (p.minPingUsec < Number.MAX_SAFE_INTEGER) o.push('minping', formatDouble(p.minPingUsec / 1e6));
  if (p.pingWaitUsec > 0) o.push('pingwait', formatDouble(p.pingWaitUsec / 1e6));
  o.push('version', p.version).push('subver', p.subVer).push('inbound', p.inbound).push('addnode', p.addnode).push('startingheight', p.startingHeight);
  o.push('banscore', p.banScore).push('synced_headers', p.syncedHeaders).push('synced_blocks', p.syncedBlocks).push('inflight', p.inflight.map((h) => JsonNumber.of(h)));
  o.push('whitelisted', p.whitelisted);
  const perMsg = (entries: PeerInfo['bytesSentPerMsg']) => {
    const m = new JsonObject();
    for (const [k, v] of entries) m.push(k, v);
    return m;
  };
  o.push('bytessent_per_msg', perMsg(p.bytesSentPerMsg)).push('bytesrecv_per_msg', perMsg(p.bytesRecvPerMsg));
  return o;
}

export function networkMethods(ctx: NodeRpcContext): RpcMethod[] {
  const factory = methodFactory('network');
  const m = (name: string, help: string, handler: RpcMethod['handler']): RpcMethod => factory(name, [], help, handler);
  return [
    m('getconnectioncount', 'getconnectioncount\n\nReturns the number of connections to other nodes.', () => JsonNumber.of(ctx.network.connectionCount)),
    m('getpeerinfo', 'getpeerinfo\n\nReturns data about each connected network node as a json array of objects.', () => ctx.network.peerInfo().map(peerJson)),
    m('ping', 'ping\n\nRequests that a ping be sent to all other nodes.', () => {
      ctx.network.pingAll();
      return null;
    }),
    m('getnetworkinfo', 'getnetworkinfo\n\nReturns an object containing various state info regarding P2P networking.', () => {
      const net = ctx.network;
      // `IsLimited(net)` (-onlynet; onion without a Tor proxy); 0.14's `IsReachable` is its negation
      const limited = (name: (typeof NETWORK_NAMES)[number]) => (net instanceof ConnectionManager ? net.limits.isLimitedNetwork(name) : name === 'onion');
      const o = new JsonObject();
      o.push('version', CLIENT_VERSION);
      o.push('subversion', ctx.network.subVersion);
      o.push('protocolversion', PROTOCOL_VERSION);
      o.push('localservices', hex16(ctx.network.localServices));
      o.push('localrelay', ctx.network.localRelay);
      o.push('timeoffset', ctx.network.timeOffset);
      o.push('networkactive', ctx.network.networkActive);
      o.push('connections', ctx.network.connectionCount);
      o.push(
        'networks',
        NETWORK_NAMES.map((name) =>
          new JsonObject().push('name', name).push('limited', limited(name)).push('reachable', !limited(name)).push('proxy', '').push('proxy_randomize_credentials', false),
        ),
      );
      o.push('relayfee', amountJson(ctx.mempool.options.minRelayTxFee));
      o.push('incrementalfee', amountJson(ctx.mempool.options.incrementalRelayFee));
      o.push('localaddresses', ctx.network.localAddresses().map((a) => new JsonObject().push('address', a.address).push('port', a.port).push('score', a.score)));
      // GetWarnings("statusbar"): the clock warning of AddTimeData once raised
      o.push('warnings', net instanceof ConnectionManager ? net.timeData.warning : '');
      return o;
    }),
    ...peerListMethods(ctx),
  ];
}

/** Usage text as the error of a call with bad arguments (Core's `throw runtime_error(help)`). */
function usage(method: RpcMethod): never {
  throw new RpcError(RPC_MISC_ERROR, method.help);
}

/** addnode, disconnectnode, getaddednodeinfo, getnettotals, setban, listbanned, clearbanned, setnetworkactive. */
function peerListMethods(ctx: NodeRpcContext): RpcMethod[] {
  const factory = methodFactory('network');
  const m = (name: string, argNames: string[], help: string, handler: RpcMethod['handler'], minArgs: number, maxArgs: number): RpcMethod =>
    factory(name, argNames, help, handler, { minArgs, maxArgs });
  const addnode: RpcMethod = m('addnode', ['node', 'command'], 'addnode "node" "add|remove|onetry"\n\nAttempts add or remove a node from the addnode list.\nOr try a connection to a node once.\n\nArguments:\n1. "node"     (string, required) The node (see getpeerinfo for nodes)\n2. "command"  (string, required) \'add\' to add a node to the list, \'remove\' to remove a node from the list, \'onetry\' to try a connection to the node once\n\nExamples:\n> ocean-cli addnode "192.168.0.6:8333" "onetry"\n> curl --user myusername --data-binary \'{"jsonrpc": "1.0", "id":"curltest", "method": "addnode", "params": ["192.168.0.6:8333", "onetry"] }\' -H \'content-type: text/plain;\' http://127.0.0.1:7041/\n', (p) => {
    const command = getStr(p[1]);
    if (command !== 'onetry' && command !== 'add' && command !== 'remove') usage(addnode);
    const node = getStr(p[0]);
    if (command === 'onetry') return ctx.network.tryConnectOnce(node).then(() => null);
    else if (command === 'add') {
      if (!ctx.network.addNode(node)) throw new RpcError(RPC_CLIENT_NODE_ALREADY_ADDED, 'Error: Node already added');
    } else if (!ctx.network.removeAddedNode(node)) throw new RpcError(RPC_CLIENT_NODE_NOT_ADDED, 'Error: Node has not been added.');
    return null;
  }, 2, 2);
  const setban: RpcMethod = m('setban', ['subnet', 'command', 'bantime', 'absolute'], 'setban "subnet" "add|remove" (bantime) (absolute)\n\nAttempts add or remove a IP/Subnet from the banned list.\n\nArguments:\n1. "subnet"       (string, required) The IP/Subnet (see getpeerinfo for nodes ip) with a optional netmask (default is /32 = single ip)\n2. "command"      (string, required) \'add\' to add a IP/Subnet to the list, \'remove\' to remove a IP/Subnet from the list\n3. "bantime"      (numeric, optional) time in seconds how long (or until when if [absolute] is set) the ip is banned (0 or empty means using the default time of 24h which can also be overwritten by the -bantime startup argument)\n4. "absolute"     (boolean, optional) If set, the bantime must be a absolute timestamp in seconds since epoch (Jan 1 1970 GMT)\n', (p) => {
    const command = getStr(p[1]);
    if (command !== 'add' && command !== 'remove') usage(setban);
    const text = getStr(p[0]);
    // `LookupSubNet` for "addr/mask"; a lone address is `LookupHost` + `CNetAddr::IsValid`
    const subnet = NetSubnet.parse(text);
    if (subnet === undefined || !subnet.valid) throw new RpcError(RPC_CLIENT_INVALID_IP_OR_SUBNET, 'Error: Invalid IP/Subnet');
    const isSubnet = text.includes('/');
    if (command === 'add') {
      const banned = isSubnet ? ctx.network.bans.isSubnetBanned(subnet) : ctx.network.bans.isAddressBanned(subnet.network);
      if (banned) throw new RpcError(RPC_CLIENT_NODE_ALREADY_ADDED, 'Error: IP/Subnet already banned');
      const banTime = p.length >= 3 && p[2] !== null ? Number(getInt64(p[2])) : 0;
      const absolute = p.length === 4 && isTrue(p[3]);
      ctx.network.ban(subnet, 'manually added', banTime, absolute);
    } else if (!ctx.network.unban(subnet)) {
      throw new RpcError(RPC_MISC_ERROR, 'Error: Unban failed');
    }
    return null;
  }, 2, Number.MAX_SAFE_INTEGER); // Core checks no upper bound
  return [
    addnode,
    m('disconnectnode', ['address'], 'disconnectnode "address" \n\nImmediately disconnects from the specified node.\n\nArguments:\n1. "address"     (string, required) The IP address/port of the node\n', (p) => {
      if (!ctx.network.disconnectNode(getStr(p[0]))) throw new RpcError(RPC_CLIENT_NODE_NOT_CONNECTED, 'Node not found in connected nodes');
      return null;
    }, 1, 1),
    m('getaddednodeinfo', ['node'], 'getaddednodeinfo ( "node" )\n\nReturns information about the given added node, or all added nodes\n(note that onetry addnodes are not listed here)\n\nArguments:\n1. "node"   (string, optional) If provided, return information about this specific node, otherwise all nodes are returned.\n', (p) => {
      let info = ctx.network.addedNodes();
      if (p.length === 1) {
        const found = info.find((i) => i.addedNode === getStr(p[0]));
        if (found === undefined) throw new RpcError(RPC_CLIENT_NODE_NOT_ADDED, 'Error: Node has not been added.');
        info = [found];
      }
      return info.map((i) =>
        new JsonObject()
          .push('addednode', i.addedNode)
          .push('connected', i.connected)
          .push('addresses', i.connected ? [new JsonObject().push('address', i.address ?? '').push('connected', i.inbound === true ? 'inbound' : 'outbound')] : []),
      );
    }, 0, 1),
    m('getnettotals', [], 'getnettotals\n\nReturns information about network traffic, including bytes in, bytes out,\nand current time.\n', () => {
      const t = ctx.network.uploadTarget();
      return new JsonObject()
        .push('totalbytesrecv', ctx.network.totalBytesReceived)
        .push('totalbytessent', ctx.network.totalBytesSent)
        .push('timemillis', Date.now())
        .push(
          'uploadtarget',
          new JsonObject()
            .push('timeframe', t.timeframe)
            .push('target', t.target)
            .push('target_reached', t.target_reached)
            .push('serve_historical_blocks', t.serve_historical_blocks)
            .push('bytes_left_in_cycle', t.bytes_left_in_cycle)
            .push('time_left_in_cycle', t.time_left_in_cycle),
        );
    }, 0, 0),
    setban,
    m('listbanned', [], 'listbanned\n\nList all banned IPs/Subnets.\n', () =>
      ctx.network.bans.list().map((e) =>
        new JsonObject().push('address', e.subnet.toString()).push('banned_until', e.banUntil).push('ban_created', e.createTime).push('ban_reason', e.reason),
      ),
    0, 0),
    m('clearbanned', [], 'clearbanned\n\nClear all banned IPs.\n', () => {
      ctx.network.clearBanned();
      return null;
    }, 0, 0),
    m('setnetworkactive', ['state'], 'setnetworkactive true|false\n\nDisable/enable all p2p network activity.\n\nArguments:\n1. "state"        (boolean, required) true to enable networking, false to disable\n', (p) => {
      ctx.network.setNetworkActive(getBool(p[0]));
      return ctx.network.networkActive;
    }, 1, 1),
  ];
}
