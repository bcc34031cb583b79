/** Network RPCs of a node with no P2P layer yet: it answers as a node without peers. */
import { JsonNumber, JsonObject, amountJson } from '@ocean-ts/core';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';

/** CLIENT_VERSION reported by getnetworkinfo (Ocean's Core 0.14 base). */
export const CLIENT_VERSION = 140200;
export const PROTOCOL_VERSION = 70015;
export const SUBVERSION = '/Ocean:0.14.2/';
/** NODE_NETWORK | NODE_WITNESS. */
const LOCAL_SERVICES = '0000000000000009';

export function networkMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = (name: string, help: string, handler: RpcMethod['handler']): RpcMethod => ({ name, category: 'network', argNames: [], okSafeMode: true, help, maxArgs: 0, handler });
  return [
    m('getconnectioncount', 'getconnectioncount\n\nReturns the number of connections to other nodes.', () => JsonNumber.of(0)),
    m('getpeerinfo', 'getpeerinfo\n\nReturns data about each connected network node as a json array of objects.', () => []),
    m('ping', 'ping\n\nRequests that a ping be sent to all other nodes.', () => null),
    m('getnetworkinfo', 'getnetworkinfo\n\nReturns an object containing various state info regarding P2P networking.', () => {
      const o = new JsonObject();
      o.push('version', CLIENT_VERSION);
      o.push('subversion', SUBVERSION);
      o.push('protocolversion', PROTOCOL_VERSION);
      o.push('localservices', LOCAL_SERVICES);
      o.push('localrelay', true);
      o.push('timeoffset', 0);
      o.push('networkactive', true);
      o.push('connections', 0);
      o.push(
        'networks',
        ['ipv4', 'ipv6', 'onion'].map((name) =>
          new JsonObject().push('name', name).push('limited', name === 'onion').push('reachable', name !== 'onion').push('proxy', '').push('proxy_randomize_credentials', false),
        ),
      );
      o.push('relayfee', amountJson(ctx.mempool.options.minRelayTxFee));
      o.push('incrementalfee', amountJson(ctx.mempool.options.incrementalRelayFee));
      o.push('localaddresses', []);
      o.push('warnings', '');
      return o;
    }),
  ];
}
