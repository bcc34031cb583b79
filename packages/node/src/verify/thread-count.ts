/**
 * `-par`: the number of script verification threads, as Bitcoin Core 0.14's `AppInitMain` derives
 * it: 0 (the default) means one per core, a negative value leaves that many cores free, the result
 * is capped at `MAX_SCRIPTCHECK_THREADS`, and 1 or less means no extra threads at all (the checks
 * run on the validating thread itself).
 */

/** Core's `MAX_SCRIPTCHECK_THREADS`. */
export const MAX_SCRIPTCHECK_THREADS = 16;

/** Worker threads for `-par=par` on a machine with `cores` cores (0 = verify on the main thread). */
export function scriptCheckThreads(par: number, cores: number): number {
  let n = par;
  if (n <= 0) n += cores;
  if (n <= 1) return 0;
  return Math.min(n, MAX_SCRIPTCHECK_THREADS);
}

/**
 * Worker threads to start for `threads` script verification threads (`scriptCheckThreads`): like
 * Core, which creates `nScriptCheckThreads - 1` threads because the validating thread is the last
 * verifier (`CCheckQueueControl::Wait` makes it join in), one fewer — the chain state's batches
 * have the calling thread help (`BatchOptions.callerHelps`).
 */
export function scriptWorkerThreads(threads: number): number {
  return threads > 1 ? threads - 1 : 0;
}
