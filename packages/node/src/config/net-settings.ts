import { userAgentCommentError } from '@ocean-ts/wire';
import { ConfigError } from './config-error.js';
import type { OptionReader } from './option-reader.js';
import type { NetSubnet } from '../net/net-subnet.js';
import { parseConfigSubnet } from './subnet.js';

export type NetworkName = 'ipv4' | 'ipv6' | 'onion';

export interface NetSettings {
  readonly listen: boolean;
  /** `-port` (default: the chain's P2P port, `-ndefaultport`, 7042). */
  readonly port: number;
  readonly bind: readonly string[];
  readonly whiteBind: readonly string[];
  readonly connect: readonly string[];
  readonly addNode: readonly string[];
  readonly seedNode: readonly string[];
  readonly externalIp: readonly string[];
  readonly onlyNet: readonly NetworkName[];
  readonly whitelist: readonly NetSubnet[];
  readonly whitelistRelay: boolean;
  readonly whitelistForceRelay: boolean;
  readonly discover: boolean;
  readonly listenOnion: boolean;
  readonly dns: boolean;
  readonly dnsSeed: boolean;
  readonly forceDnsSeed: boolean;
  readonly upnp: boolean;
  /** `-proxy` (undefined when not given or `0`). */
  readonly proxy: string | undefined;
  readonly proxyRandomize: boolean;
  /** `-onion` (undefined when not given or `0`). */
  readonly onion: string | undefined;
  readonly torControl: string;
  readonly torPassword: string | undefined;
  readonly maxConnections: number;
  readonly maxReceiveBufferKb: number;
  readonly maxSendBufferKb: number;
  readonly maxUploadTargetMiB: number;
  readonly maxTimeAdjustmentSeconds: number;
  readonly timeoutMs: number;
  readonly banScore: number;
  readonly banTimeSeconds: number;
  /** Off by default in Ocean (NODE_BLOOM not advertised). */
  readonly peerBloomFilters: boolean;
  readonly blocksOnly: boolean;
  readonly feeFilter: boolean;
  readonly uaComments: readonly string[];
}

export function readNetSettings(r: OptionReader, defaultPort: number): NetSettings {
  const onlyNet = r.all('onlynet').map((n): NetworkName => {
    const lower = n.toLowerCase();
    if (lower === 'ipv4' || lower === 'ipv6' || lower === 'onion') return lower;
    if (lower === 'tor') return 'onion';
    throw new ConfigError(`Error: Unknown network specified in -onlynet: '${n}'`, 'onlynet');
  });
  const whitelist = r.all('whitelist').map((w) => {
    const s = parseConfigSubnet(w);
    if (!s) throw new ConfigError(`Error: Invalid netmask specified in -whitelist: '${w}'`, 'whitelist');
    return s;
  });
  const uaComments = r.all('uacomment');
  const uaError = userAgentCommentError(uaComments);
  if (uaError !== undefined) throw new ConfigError(`Error: ${uaError}`, 'uacomment');
  const off = (v: string | undefined) => (v === undefined || v === '' || v === '0' ? undefined : v);
  return {
    listen: r.bool('listen', true),
    port: r.port('port', defaultPort),
    bind: r.all('bind'),
    whiteBind: r.all('whitebind'),
    connect: r.all('connect'),
    addNode: r.all('addnode'),
    seedNode: r.all('seednode'),
    externalIp: r.all('externalip'),
    onlyNet,
    whitelist,
    whitelistRelay: r.bool('whitelistrelay', true),
    whitelistForceRelay: r.bool('whitelistforcerelay', true),
    discover: r.bool('discover', true),
    listenOnion: r.bool('listenonion', true),
    dns: r.bool('dns', true),
    dnsSeed: r.bool('dnsseed', true),
    forceDnsSeed: r.bool('forcednsseed', false),
    upnp: r.bool('upnp', false),
    proxy: off(r.optString('proxy')),
    proxyRandomize: r.bool('proxyrandomize', true),
    onion: off(r.optString('onion')),
    torControl: r.string('torcontrol', '127.0.0.1:9051'),
    torPassword: r.optString('torpassword'),
    maxConnections: r.int('maxconnections', 125),
    maxReceiveBufferKb: r.int('maxreceivebuffer', 5000),
    maxSendBufferKb: r.int('maxsendbuffer', 1000),
    maxUploadTargetMiB: r.int('maxuploadtarget', 0),
    maxTimeAdjustmentSeconds: r.int('maxtimeadjustment', 4200),
    // a non-positive -timeout falls back to the default, as in the original
    timeoutMs: ((t) => (t <= 0 ? 5000 : t))(r.int('timeout', 5000, -0x80000000)),
    banScore: r.int('banscore', 100),
    banTimeSeconds: r.int('bantime', 86400),
    peerBloomFilters: r.bool('peerbloomfilters', false),
    blocksOnly: r.bool('blocksonly', false),
    feeFilter: r.bool('feefilter', true),
    uaComments,
  };
}

/**
 * Bitcoin Core 0.14's `InitParameterInteraction` for the network options: defaults that follow
 * from other options unless the user set them (each change is recorded in `r.interactions`).
 */
export function applyNetInteractions(r: OptionReader): void {
  if (r.isSet('bind')) r.softSetBool('listen', true, '-bind set');
  if (r.isSet('whitebind')) r.softSetBool('listen', true, '-whitebind set');
  if (r.all('connect').length > 0) {
    r.softSetBool('dnsseed', false, '-connect set');
    r.softSetBool('listen', false, '-connect set');
  }
  if (r.isSet('proxy')) {
    r.softSetBool('listen', false, '-proxy set');
    r.softSetBool('upnp', false, '-proxy set');
    r.softSetBool('discover', false, '-proxy set');
  }
  if (!r.bool('listen', true)) {
    r.softSetBool('upnp', false, '-listen=0');
    r.softSetBool('discover', false, '-listen=0');
    r.softSetBool('listenonion', false, '-listen=0');
  }
  if (r.isSet('externalip')) r.softSetBool('discover', false, '-externalip set');
  if (r.bool('blocksonly', false)) r.softSetBool('whitelistrelay', false, '-blocksonly=1');
  if (r.bool('whitelistforcerelay', true)) r.softSetBool('whitelistrelay', true, '-whitelistforcerelay=1');
}
