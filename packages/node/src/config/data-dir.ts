import { isAbsolute, join, resolve } from 'node:path';

/** Where `-datadir` points when it is not given (the Bitcoin default was never renamed). */
export function defaultDataDir(homeDir: string, platform: NodeJS.Platform = 'linux', appData?: string): string {
  if (platform === 'win32') return join(appData ?? join(homeDir, 'AppData', 'Roaming'), 'Bitcoin');
  if (platform === 'darwin') return join(homeDir, 'Library', 'Application Support', 'Bitcoin');
  return join(homeDir, '.bitcoin');
}

/** `path` made absolute: relative paths are taken inside `base` (`-conf`, `-pid`, `-rpccookiefile`). */
export function pathIn(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}
