import { ConfigError } from './config-error.js';
import { pathIn } from './data-dir.js';
import { splitHostPort, type HostPort } from './host-port.js';
import type { OptionReader } from './option-reader.js';
import { RpcAuthEntry } from './rpcauth.js';
import type { NetSubnet } from '../net/net-subnet.js';
import { addressInSubnets, parseConfigSubnet } from './subnet.js';

const I32_MIN = -0x80000000;

export interface RpcSettings {
  /** `-server` (default on for the daemon). */
  readonly server: boolean;
  /** `-rest`. */
  readonly rest: boolean;
  /** `-rpcuser` ('' when not given). */
  readonly user: string;
  /** `-rpcpassword`; undefined when not given or empty — then cookie authentication is used. */
  readonly password: string | undefined;
  /** `-rpcauth` entries in order. */
  readonly auth: readonly RpcAuthEntry[];
  /** Absolute cookie path: `-rpccookiefile` (relative to the chain directory), default `<chain dir>/.cookie`. */
  readonly cookieFile: string;
  /** `-rpcport`, default from the chain class (7041, `ocean_main` 8332, `gold_main` 8443). */
  readonly port: number;
  /**
   * Where the server listens: without `-rpcallowip`, `::1` and `127.0.0.1` (any `-rpcbind` is then
   * ignored, with a warning); with it, the `-rpcbind` addresses, or every address (`::`, `0.0.0.0`).
   */
  readonly bind: readonly HostPort[];
  /** Networks allowed to call: always 127.0.0.0/8 and ::1, plus `-rpcallowip`. */
  readonly allowIp: readonly NetSubnet[];
  readonly threads: number;
  readonly workQueue: number;
  readonly serverTimeoutSeconds: number;
  /** `-rpcserialversion` (0 = without witness, 1 = with). */
  readonly serialVersion: 0 | 1;
}

export function readRpcSettings(r: OptionReader, chainDataDir: string, defaultPort: number, warnings: string[]): RpcSettings {
  const port = r.port('rpcport', defaultPort);
  const allowIp = [parseConfigSubnet('127.0.0.0/8')!, parseConfigSubnet('::1')!];
  for (const text of r.all('rpcallowip')) {
    const subnet = parseConfigSubnet(text);
    if (!subnet) {
      throw new ConfigError(
        `Error: Invalid -rpcallowip subnet specification: ${text}. Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24).`,
        'rpcallowip',
      );
    }
    allowIp.push(subnet);
  }

  let bind: HostPort[];
  if (!r.isSet('rpcallowip')) {
    bind = [
      { host: '::1', port },
      { host: '127.0.0.1', port },
    ];
    if (r.isSet('rpcbind')) warnings.push('option -rpcbind was ignored because -rpcallowip was not specified, refusing to allow everyone to connect');
  } else if (r.all('rpcbind').length > 0) {
    bind = r.all('rpcbind').map((b) => {
      const hp = splitHostPort(b, port);
      if (hp.host === '') throw new ConfigError(`Error: Invalid -rpcbind address: '${b}'`, 'rpcbind');
      return hp;
    });
  } else {
    bind = [
      { host: '::', port },
      { host: '0.0.0.0', port },
    ];
  }

  const serial = r.int('rpcserialversion', 1, -0x80000000, 0x7fffffff);
  if (serial < 0) throw new ConfigError('Error: rpcserialversion must be non-negative.', 'rpcserialversion');
  if (serial > 1) throw new ConfigError('Error: unknown rpcserialversion requested.', 'rpcserialversion');

  const password = r.optString('rpcpassword');
  return {
    server: r.bool('server', true),
    rest: r.bool('rest', false),
    user: r.string('rpcuser', ''),
    password: password === undefined || password === '' ? undefined : password,
    auth: r.all('rpcauth').map((text) => RpcAuthEntry.parse(text)),
    cookieFile: pathIn(chainDataDir, r.string('rpccookiefile', '.cookie')),
    port,
    bind,
    allowIp,
    // the original clamps these to at least 1
    threads: Math.max(r.int('rpcthreads', 4, I32_MIN), 1),
    workQueue: Math.max(r.int('rpcworkqueue', 16, I32_MIN), 1),
    serverTimeoutSeconds: Math.max(r.int('rpcservertimeout', 30, I32_MIN), 1),
    serialVersion: serial as 0 | 1,
  };
}

/** Whether a client address (as the socket reports it) may call the RPC server (`-rpcallowip`). */
export function isAllowedRpcClient(settings: Pick<RpcSettings, 'allowIp'>, address: string): boolean {
  return addressInSubnets(settings.allowIp, address);
}
