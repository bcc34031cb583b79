/**
 * The client chain (an Ocean sidechain, or any chain with bitcoind-style RPC) as the client tools
 * see it: its best block hash (what `commitmenttool -ocean` commits) and the height of a block hash
 * (what `confirmationtool` resolves a commitment to).
 */
import { JsonRpcClient, JsonView, RpcCallError, parseBitcoinRpcUrl } from '@ocean-ts/rpc-client';

export interface ClientChain {
  /** `getbestblockhash`: display hex, lowercase. */
  bestBlockHash(): Promise<string>;
  /** The height of block `hash` (display hex) from `getblockheader`, or undefined when the node does not know it. */
  blockHeight(hash: string): Promise<number | undefined>;
}

/** An RPC endpoint: `host:port` or `http://host:port`, with Basic-auth credentials. */
export interface ClientChainEndpoint {
  readonly url: string;
  readonly user: string;
  readonly pass: string;
}

/** bitcoind's RPC_INVALID_ADDRESS_OR_KEY: `getblockheader` answers it with "Block not found". */
const RPC_INVALID_ADDRESS_OR_KEY = -5;

export class RpcClientChain implements ClientChain {
  constructor(private readonly rpc: JsonRpcClient) {}

  static connect(endpoint: ClientChainEndpoint, timeoutMs = 60_000): RpcClientChain {
    const ep = parseBitcoinRpcUrl(endpoint.url);
    return new RpcClientChain(
      new JsonRpcClient({ host: ep.host, port: ep.port, path: ep.path, credentials: { user: endpoint.user, password: endpoint.pass }, timeoutMs }),
    );
  }

  async bestBlockHash(): Promise<string> {
    return new JsonView(await this.rpc.call('getbestblockhash'), 'getbestblockhash').hash();
  }

  async blockHeight(hash: string): Promise<number | undefined> {
    try {
      const header = await this.rpc.call('getblockheader', [hash, true]);
      return new JsonView(header, 'getblockheader').get('height').int();
    } catch (e) {
      if (e instanceof RpcCallError && e.code === RPC_INVALID_ADDRESS_OR_KEY) return undefined;
      throw e;
    }
  }
}
