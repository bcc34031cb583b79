/**
 * The one loader of `@vulpemventures/secp256k1-zkp` (libsecp256k1-zkp compiled to WASM). The
 * library's default export is an async factory that instantiates a fresh WASM module (its own heap)
 * on every call; the loaded module is memoized here so the verifier and the blinding code of one
 * process share a single instance.
 */
import zkpModule from '@vulpemventures/secp256k1-zkp';

/** The initialised library: `generator`, `pedersen`, `rangeproof`, `surjectionproof`, `ecdh`, `ecc`, … */
export type Zkp = Awaited<ReturnType<typeof import('@vulpemventures/secp256k1-zkp').default>>;

let loading: Promise<Zkp> | undefined;

/** Load (once) and return the WASM module. A failed load is not cached, so a later call retries. */
export function loadZkp(): Promise<Zkp> {
  if (loading === undefined) {
    const mod = zkpModule as unknown as { default?: () => Promise<Zkp> } | (() => Promise<Zkp>);
    const factory = typeof mod === 'function' ? mod : mod.default;
    if (typeof factory !== 'function') return Promise.reject(new Error('unexpected @vulpemventures/secp256k1-zkp module shape'));
    loading = factory().catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
  }
  return loading;
}
