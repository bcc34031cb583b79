// Crash injection for the attestation service's ports: every method call (node, store, signer)
// counts; the call numbered `crashAt` is performed and then the "process dies" — that call and
// every later one throws `CrashError`, so the old service instance can change nothing anymore.
export class CrashError extends Error {
  override readonly name = 'CrashError';
  constructor() {
    super('simulated crash');
  }
}

export class CrashController {
  count = 0;
  dead = false;
  /** Method names, in call order (for the failure messages). */
  readonly log: string[] = [];

  constructor(readonly crashAt?: number) {}

  /** A view of `target` whose methods count calls and crash as configured. */
  wrap<T extends object>(target: T, name: string): T {
    return new Proxy(target, {
      get: (t, prop) => {
        const v: unknown = Reflect.get(t, prop, t);
        if (typeof v !== 'function') return v;
        return async (...args: unknown[]) => {
          if (this.dead) throw new CrashError();
          this.log.push(`${name}.${String(prop)}`);
          try {
            return await (v as (...a: unknown[]) => unknown).apply(t, args);
          } finally {
            this.count++;
            if (this.crashAt !== undefined && this.count >= this.crashAt) this.dead = true;
          }
        };
      },
    });
  }

  /** Throw if the crash happened (call after each awaited call site that returned normally). */
  get crashed(): boolean {
    return this.dead;
  }
}
