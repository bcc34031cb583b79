import { ConfigError } from './config-error.js';
import type { OptionReader } from './option-reader.js';

export type ZmqTopic = 'hashblock' | 'hashtx' | 'rawblock' | 'rawtx';
export const ZMQ_TOPICS: readonly ZmqTopic[] = ['hashblock', 'hashtx', 'rawblock', 'rawtx'];

/** Shell-command hooks and ZeroMQ publishers. */
export interface NotificationSettings {
  readonly alertNotify: string | undefined;
  readonly blockNotify: string | undefined;
  /** `-zmqpub<topic>=<endpoint>` for the topics that are set. */
  readonly zmq: ReadonlyMap<ZmqTopic, string>;
}

/** A ZeroMQ endpoint: `<transport>://<address>` (tcp, ipc, inproc, pgm, epgm). */
const ZMQ_ENDPOINT = /^(tcp|ipc|inproc|pgm|epgm):\/\/\S+$/;

export function readNotificationSettings(r: OptionReader): NotificationSettings {
  const zmq = new Map<ZmqTopic, string>();
  for (const topic of ZMQ_TOPICS) {
    const name = `zmqpub${topic}`;
    const endpoint = r.optString(name);
    if (endpoint === undefined) continue;
    if (!ZMQ_ENDPOINT.test(endpoint)) {
      throw new ConfigError(`Error: Invalid -${name} address '${endpoint}': expected <transport>://<address>, e.g. tcp://127.0.0.1:28332`, name);
    }
    zmq.set(topic, endpoint);
  }
  return { alertNotify: r.optString('alertnotify'), blockNotify: r.optString('blocknotify'), zmq };
}
