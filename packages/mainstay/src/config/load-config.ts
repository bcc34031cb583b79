import { readFile } from 'node:fs/promises';
import { ConfigError } from './config-error.js';
import type { ConfigEnv } from './conf-reader.js';
import { parseMainstayConfig, type MainstayConfig } from './mainstay-config.js';

/** Read and parse a conf.json file. `env` is used for substitution (pass `process.env` from a bin). */
export async function loadMainstayConfig(path: string, env: ConfigEnv): Promise<MainstayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError('', path, `cannot be read: ${(e as Error).message}`);
  }
  try {
    return parseMainstayConfig(text, { env });
  } catch (e) {
    if (e instanceof ConfigError) e.message = e.message.replace(/^conf\.json:/, `${path}:`);
    throw e;
  }
}
