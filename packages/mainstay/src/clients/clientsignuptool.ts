import type { Secp256k1 } from '@ocean-ts/core';
import type { MainstayStore } from '../store/mainstay-store.js';
import { signupClient, SignupError, validateSignupPubkey } from './client-signup.js';
import { parseToolFlags } from './go-flags.js';
import type { ToolIo } from './tool-io.js';

export const CLIENT_SIGNUP_USAGE = `Usage of clientsignuptool:
  -db string
        store: sqlite:<path> or postgres://user:password@host:port/name
  -conf string
        conf.json whose db section names the store (instead of -db)
  -pubkey string
        client pubkey hex (33 or 65 bytes), optional
  -name string
        client name; with -name the tool asks nothing (for scripts)
`;

export interface ClientSignupDeps {
  readonly io: ToolIo;
  readonly secp: Secp256k1;
  /** Opens the store named by the flags (`-db` / `-conf`). */
  readonly openStore: (flags: { db?: string; conf?: string }) => Promise<MainstayStore>;
  readonly newToken: () => string;
}

/**
 * `clientsignuptool` (spec §4.1): list the existing clients, read an optional pubkey (validated as
 * a secp256k1 point) and a name — prompted like the Go tool, or from `-pubkey`/`-name` — and store
 * the new client at the lowest free slot with a UUID v4 auth token. Returns the exit code.
 */
export async function runClientSignupTool(argv: readonly string[], deps: ClientSignupDeps): Promise<number> {
  const { io } = deps;
  const flags = parseToolFlags(argv, { values: ['db', 'conf', 'pubkey', 'name'] }, CLIENT_SIGNUP_USAGE, (text) => io.err(text));
  if (typeof flags === 'number') return flags;
  const scripted = flags.values.has('name');
  const db = flags.values.get('db');
  const conf = flags.values.get('conf');
  let store: MainstayStore;
  try {
    store = await deps.openStore({ ...(db !== undefined ? { db } : {}), ...(conf !== undefined ? { conf } : {}) });
  } catch (e) {
    io.err(`clientsignuptool: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    let pubkey = flags.values.get('pubkey') ?? '';
    let name = flags.values.get('name') ?? '';
    if (!scripted) {
      io.out('\n***** Client Signup Tool *****\n\nexisting clients\n');
      for (const c of await store.allClientDetails()) {
        io.out(`client_position: ${c.clientPosition} pubkey: ${c.pubkey} name: ${c.clientName}\n`);
      }
      io.out('\n***** Client Public Key *****\n');
      if (!flags.values.has('pubkey')) {
        io.out('Insert pubkey (optional): ');
        pubkey = (await io.readLine()) ?? '';
      }
      pubkey = validateSignupPubkey(deps.secp, pubkey);
      io.out(pubkey === '' ? 'no pubkey provided\n' : `pubkey: ${pubkey}\n`);
      io.out('\n***** Client Name *****\nInsert client name: ');
      name = ((await io.readLine()) ?? '').trim();
      io.out('\n');
    }
    const details = await signupClient(store, deps.secp, { pubkey, name }, deps.newToken);
    if (!scripted) io.out('***** Client Details Saved *****\n');
    io.out(`client_position: ${details.clientPosition}\nauth_token: ${details.authToken}\npubkey: ${details.pubkey}\nclient_name: ${details.clientName}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof SignupError)) throw e;
    io.err(`clientsignuptool: ${e.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
