import { mkdirSync, readFileSync, statSync } from 'node:fs';

/** The file-system operations configuration loading needs (tests may substitute them). */
export interface ConfigFs {
  /** File contents as bytes, or undefined when the file does not exist or is not a file. */
  readFile(path: string): Uint8Array | undefined;
  isDirectory(path: string): boolean;
  /** `mkdir -p`. */
  makeDirectory(path: string): void;
}

export const nodeConfigFs: ConfigFs = {
  readFile(path) {
    try {
      return readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  makeDirectory(path) {
    mkdirSync(path, { recursive: true });
  },
};
