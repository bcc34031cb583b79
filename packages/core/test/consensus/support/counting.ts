/** Call-counting wrappers: prove that a check really ran (and how often). */
export type Counts = Record<string, number>;

export function counting<T extends object>(target: T, counts: Counts, prefix: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const v = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const name = `${prefix}.${String(prop)}`;
        counts[name] = (counts[name] ?? 0) + 1;
        return (v as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}
