/**
 * How to start the script worker: `script-worker.js` next to the compiled pool in `dist/` (the
 * daemon), or — when the node runs from its TypeScript sources under tsx (the tests) —
 * `script-worker.ts` through a small bootstrap that registers the tsx loader inside the worker
 * first. (Node 20 applies neither the parent's loader hooks nor `execArgv: ['--import', 'tsx']` to a
 * worker's entry module, so the loader must be registered by code running in the worker.)
 */
import type { WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  /** The entry module. */
  readonly module: URL;
  /** The first argument of `new Worker`: the module URL, or bootstrap code run with `eval: true`. */
  readonly script: URL | string;
  readonly options: WorkerOptions;
}

export function scriptWorkerEntry(base: string = import.meta.url): WorkerEntry {
  if (!base.endsWith('.ts')) {
    const module = new URL('./script-worker.js', base);
    return { module, script: module, options: {} };
  }
  const module = new URL('./script-worker.ts', base);
  const tsx = import.meta.resolve('tsx/esm/api');
  const script = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return { module, script, options: { eval: true } };
}
