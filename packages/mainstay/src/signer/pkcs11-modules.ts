/**
 * Shared PKCS#11 library handles. A Cryptoki library is initialised once per process (a second
 * `C_Initialize` reports "already initialised", and one `C_Finalize` ends every session of every
 * user), so key sources share one `Module` per library path and the last one to close finalises it.
 */
import { Module } from 'graphene-pk11';
import { KeySourceError } from './key-source.js';

interface Entry {
  readonly module: Module;
  users: number;
}

const loaded = new Map<string, Entry>();

/** Load and initialise the library at `path` (or share the already loaded one). */
export function acquirePkcs11Module(path: string): Module {
  const existing = loaded.get(path);
  if (existing !== undefined) {
    existing.users++;
    return existing.module;
  }
  let module: Module;
  try {
    module = Module.load(path, 'pkcs11');
    module.initialize();
  } catch (e) {
    throw new KeySourceError(`cannot load the PKCS#11 module ${path}: ${(e as Error).message}`);
  }
  loaded.set(path, { module, users: 1 });
  return module;
}

/** Give back a module obtained from `acquirePkcs11Module`; the last user finalises it. */
export function releasePkcs11Module(path: string): void {
  const entry = loaded.get(path);
  if (entry === undefined) return;
  entry.users--;
  if (entry.users > 0) return;
  loaded.delete(path);
  try {
    entry.module.finalize();
  } catch {
    // already finalised or the library is gone: nothing left to release
  }
}
