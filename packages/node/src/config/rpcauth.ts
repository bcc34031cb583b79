import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from './config-error.js';

const encoder = new TextEncoder();
const bytes = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? encoder.encode(s) : s);

/**
 * Equality that takes the same time wherever the inputs differ (the original's
 * `TimingResistantEqual`): both sides are hashed, then the digests compared with
 * `timingSafeEqual`, so only the lengths' hashing cost depends on the input.
 */
export function timingResistantEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const da = createHash('sha256').update(bytes(a)).digest();
  const db = createHash('sha256').update(bytes(b)).digest();
  return timingSafeEqual(da, db);
}

/**
 * One `-rpcauth=<user>:<salt>$<hash>` login (Bitcoin Core's `share/rpcuser` format): `hash` is the
 * hex HMAC-SHA256 of the password, keyed with the salt's text. The password itself is never stored.
 */
export class RpcAuthEntry {
  private constructor(
    readonly user: string,
    readonly salt: string,
    /** 32 bytes. */
    private readonly hmac: Uint8Array,
  ) {}

  /**
   * Parse a config value. The original splits it at every `:` and `$` and silently ignores an
   * entry that does not give exactly three fields; here a malformed entry is a start-up error.
   */
  static parse(text: string): RpcAuthEntry {
    const fields = text.split(/[:$]/);
    const [user, salt, hash] = fields;
    if (fields.length !== 3 || user === undefined || salt === undefined || hash === undefined || !/^[0-9a-fA-F]{64}$/.test(hash)) {
      throw new ConfigError('Error: Invalid -rpcauth argument: expected <user>:<salt>$<hash> with a 64-digit hex HMAC-SHA256', 'rpcauth');
    }
    return new RpcAuthEntry(user, salt, Buffer.from(hash, 'hex'));
  }

  /** A new entry for `user` / `password` with a random salt (what `share/rpcuser/rpcuser.py` prints). */
  static create(user: string, password: string, salt = randomBytes(16).toString('hex')): RpcAuthEntry {
    return new RpcAuthEntry(user, salt, hmacOf(salt, bytes(password)));
  }

  /** `<user>:<salt>$<hash>`. */
  toString(): string {
    return `${this.user}:${this.salt}$${Buffer.from(this.hmac).toString('hex')}`;
  }

  /** Whether `user` / `password` (UTF-8 text or raw bytes) log in with this entry. */
  matches(user: string | Uint8Array, password: string | Uint8Array): boolean {
    const userOk = timingResistantEqual(this.user, user);
    const hashOk = timingSafeEqual(hmacOf(this.salt, bytes(password)), this.hmac);
    return userOk && hashOk;
  }
}

function hmacOf(salt: string, password: Uint8Array): Buffer {
  return createHmac('sha256', encoder.encode(salt)).update(password).digest();
}

/** Outcome of checking an HTTP `Authorization` header. */
export interface AuthorizationResult {
  readonly authorized: boolean;
  /** The user name the client sent (for the audit log), when the header had one. */
  readonly user: string | undefined;
}

/**
 * Everything that may log in to the JSON-RPC server: the single `user:password` — from
 * `-rpcuser` / `-rpcpassword`, or the cookie when no password is set — and the `-rpcauth` entries.
 * Comparisons are on UTF-8 bytes and take the same time wherever they differ.
 */
export class RpcCredentials {
  private readonly single: Uint8Array;

  constructor(
    /** `<user>:<password>` (the cookie's `__cookie__:<hex>` when cookie authentication is used). */
    userColonPassword: string,
    private readonly entries: readonly RpcAuthEntry[] = [],
  ) {
    this.single = encoder.encode(userColonPassword);
  }

  /** From the RPC settings; `cookie` is the generated credential when no password is configured. */
  static fromSettings(rpc: { readonly user: string; readonly password: string | undefined; readonly auth: readonly RpcAuthEntry[] }, cookie?: { readonly credential: string }): RpcCredentials {
    if (rpc.password !== undefined) return new RpcCredentials(`${rpc.user}:${rpc.password}`, rpc.auth);
    if (!cookie) throw new Error('no rpcpassword is configured: an auth cookie is required');
    return new RpcCredentials(cookie.credential, rpc.auth);
  }

  /** The RPC server's `Authenticator` interface. */
  check(user: string, password: string): boolean {
    return this.verify(user, password);
  }

  verify(user: string | Uint8Array, password: string | Uint8Array): boolean {
    const u = bytes(user);
    const p = bytes(password);
    const joined = new Uint8Array(u.length + 1 + p.length);
    joined.set(u);
    joined[u.length] = 0x3a;
    joined.set(p, u.length + 1);
    let ok = timingResistantEqual(joined, this.single);
    // Every entry is checked, so the time does not tell which (if any) matched.
    for (const entry of this.entries) ok = entry.matches(u, p) || ok;
    return ok;
  }

  /** Check `Authorization: Basic <base64(user:password)>` (case-sensitive `Basic `, as the original). */
  checkAuthorization(header: string | undefined): AuthorizationResult {
    if (header === undefined || !header.startsWith('Basic ')) return { authorized: false, user: undefined };
    const decoded = Buffer.from(header.slice(6).trim(), 'base64');
    const colon = decoded.indexOf(0x3a);
    // Without a colon it can match neither `user:password` nor an rpcauth entry.
    if (colon < 0) return { authorized: false, user: undefined };
    const user = decoded.subarray(0, colon);
    return { authorized: this.verify(user, decoded.subarray(colon + 1)), user: user.toString('utf8') };
  }
}
