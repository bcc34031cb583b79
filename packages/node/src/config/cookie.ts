import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { writeFileAtomic } from '@ocean-ts/service-kit';

/** User name of cookie authentication. */
export const COOKIE_USER = '__cookie__';

/**
 * RPC cookie authentication (rpc spec §1): when no `-rpcpassword` is configured the daemon writes
 * `__cookie__:<64 hex random>` to `<chain dir>/.cookie` (or `-rpccookiefile`) — owner-only, written
 * atomically so a client never reads half a cookie — accepts it as the RPC login, and deletes the
 * file at shutdown. ocean-cli reads the same file.
 */
export class AuthCookie {
  private removed = false;

  private constructor(
    readonly path: string,
    readonly password: string,
  ) {}

  /** Generate a fresh cookie and write it to `path`. */
  static create(path: string, random: (n: number) => Uint8Array = randomBytes): AuthCookie {
    const password = Buffer.from(random(32)).toString('hex');
    writeFileAtomic(path, `${COOKIE_USER}:${password}`, 0o600);
    return new AuthCookie(path, password);
  }

  /** `{user, password}` from a cookie file, or undefined when it is missing or malformed. */
  static read(path: string): { user: string; password: string } | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    return { user: text.slice(0, colon), password: text.slice(colon + 1).replace(/\r?\n$/, '') };
  }

  get user(): string {
    return COOKIE_USER;
  }

  /** `__cookie__:<hex>`, the single credential the RPC server accepts besides `-rpcauth`. */
  get credential(): string {
    return `${COOKIE_USER}:${this.password}`;
  }

  /** Delete the cookie file (at shutdown). Idempotent. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    try {
      unlinkSync(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
