// @ocean-ts/test-harness (dev only): networks of real `bin/oceand` processes on loopback for
// multi-node tests and benchmarks, and a raw scripted P2P peer. It talks to the nodes only over
// JSON-RPC and P2P, as a user or another node would.
export { freePort } from './free-port.js';
export { waitFor, WaitTimeoutError, type WaitOptions } from './wait-for.js';
export { NodeRpc, RpcFailure, type RpcReply } from './node-rpc.js';
export { httpRequest, type HttpReply, type HttpRequestOptions } from './http-request.js';
export { OCEAND_BIN } from './oceand-path.js';
export { OceandProcess, type OceandSpawnOptions } from './oceand-process.js';
export { waitForRpc, type WaitForRpcOptions } from './wait-for-rpc.js';
export { HarnessNode, type HarnessNodeConfig } from './harness-node.js';
export { topologyEdges, type Topology } from './topology.js';
export { DEFAULT_CHAIN_ARGS, OceanNetwork, type NetworkOptions, type NodeSpec, type TestContextLike } from './ocean-network.js';
export { RawPeer, type RawMessage, type RawPeerOptions } from './raw-peer.js';
export { BcoinRegtest, type AfterHook, type BcoinRegtestEndpoints, type BcoinRegtestOptions } from './bcoin-regtest.js';
