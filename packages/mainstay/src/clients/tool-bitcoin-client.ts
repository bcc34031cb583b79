import { BcoinQuirks, BitcoinRpcClient, parseBitcoinRpcUrl, type BitcoinClient } from '@ocean-ts/rpc-client';
import type { MainChainConfig } from '../config/mainstay-config.js';

/**
 * The Bitcoin node of a tool's `main` section: bitcoind's RPC at `rpcurl` (`host:port`), or with
 * `type: bcoin` (the test node) the bcoin adapter — whose API key is `rpcpass`. The tools use node
 * calls only, so bcoin's separate wallet server is not needed (its port is set to the node's).
 */
export function toolBitcoinClient(main: MainChainConfig): BitcoinClient {
  if (main.type === 'bcoin') {
    const ep = parseBitcoinRpcUrl(main.url);
    return BcoinQuirks.connect({ host: ep.host, nodePort: ep.port, walletPort: ep.port, apiKey: main.pass });
  }
  return BitcoinRpcClient.fromUrl({ url: main.url, credentials: { user: main.user, password: main.pass } });
}
