import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { OceanCliIo } from './cli-io.js';

/** The real file system, standard input, `$HOME` and timers. */
export function nodeCliIo(env: NodeJS.ProcessEnv = process.env): OceanCliIo {
  return {
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    isDirectory: (path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    homeDir: () => env['HOME'] ?? homedir(),
    sleep: (ms) => delay(ms),
  };
}
