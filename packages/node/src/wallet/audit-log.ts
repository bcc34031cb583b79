import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** `audit.log` in the chain directory (created at start-up by `DataDirFiles`). */
export const AUDIT_LOG_NAME = 'audit.log';

/**
 * Ocean's RPC audit trail (rpc spec §1): sensitive wallet RPCs append one line
 * `<rpc user> : <method> <details>` (no secret is ever written: passphrases and private keys are
 * left out of the details). A failed append is reported to `onError`, never fatal to the call.
 */
export class AuditLog {
  constructor(
    readonly path: string,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  static inDir(dir: string, onError?: (message: string) => void): AuditLog {
    return new AuditLog(join(dir, AUDIT_LOG_NAME), onError);
  }

  /** The line written for one call. */
  static line(user: string, method: string, details: readonly string[]): string {
    const d = details.filter((s) => s.length > 0).join(' ');
    return `${user} : ${method}${d.length > 0 ? ` ${d}` : ''}\n`;
  }

  append(user: string, method: string, ...details: string[]): void {
    try {
      appendFileSync(this.path, AuditLog.line(user, method, details));
    } catch (e) {
      this.onError(`cannot append to ${this.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
