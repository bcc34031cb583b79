// In-process signers behind the `SignerTransport` port: Profile A's n signers (each signs the
// pre-images like txsigningtool: input 0 with its base key tweaked by the last `C` hash, others with
// its topup key) and Profile B's HTTP signer (sighashes, key tweaked by the request's root). Each
// signer can misbehave, for the failure tests.
import { concatBytes, type Secp256k1 } from '@ocean-ts/core';
import { tweakPrivateKey } from '../../src/crypto/key-tweak.js';
import { preimageDigest, signDigest } from '../../src/crypto/legacy-signing.js';
import { SignerTransportError, type InputSignature, type SignerTransport, type SigningRequest } from '../../src/service/signer-transport.js';

/** `ok`; `silent` (no answer); `garbage` (random bytes); `wrong-key` (another key); `stale` (answers the previous round). */
export type SignerBehaviour = 'ok' | 'silent' | 'garbage' | 'wrong-key' | 'stale';

export interface SignerKey {
  readonly key: Uint8Array;
  readonly chaincode: Uint8Array;
  readonly topupKey?: Uint8Array;
}

let garbageCounter = 0;
function garbage(len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = (i * 37 + ++garbageCounter * 11) & 0xff;
  return out;
}

export class FakeMultisigSigners implements SignerTransport {
  behaviours: SignerBehaviour[];
  /** The last `C` hash each signer received. */
  confirmed: Uint8Array = new Uint8Array(32);
  readonly published: { topic: 'C' | 'T'; payload: readonly Uint8Array[] }[] = [];
  resubscriptions = 0;
  /** When set, `publishConfirmedHash` is lost (PUB/SUB drops it). */
  dropConfirmed = false;
  #round: Uint8Array[][] | undefined;
  #previous: Uint8Array[][] = [];

  constructor(
    private readonly secp: Secp256k1,
    readonly keys: readonly SignerKey[],
  ) {
    this.behaviours = keys.map(() => 'ok');
  }

  async publishConfirmedHash(root: Uint8Array): Promise<void> {
    this.published.push({ topic: 'C', payload: [root.slice()] });
    if (!this.dropConfirmed) this.confirmed = root.slice();
  }

  async requestSignatures(request: SigningRequest): Promise<void> {
    this.published.push({ topic: 'T', payload: request.items.map((i) => i.slice()) });
    const answers = this.keys.map((k) =>
      request.items.map((preimage, i) => {
        const key = i === 0 ? tweakPrivateKey(this.secp, k.key, k.chaincode, this.confirmed) : k.topupKey;
        if (key === undefined) throw new Error('no topup key');
        return signDigest(this.secp, key, preimageDigest(preimage));
      }),
    );
    const round = this.keys.map((k, j) => {
      switch (this.behaviours[j]) {
        case 'silent':
          return [];
        case 'garbage':
          return request.items.map(() => garbage(71));
        case 'wrong-key':
          return request.items.map((p) => signDigest(this.secp, k.topupKey ?? k.chaincode, preimageDigest(p)));
        case 'stale':
          return this.#previous[j] ?? [];
        default:
          return answers[j]!;
      }
    });
    this.#previous = answers;
    this.#round = round;
  }

  async collectSignatures(): Promise<InputSignature[][]> {
    const round = this.#round;
    if (round === undefined || round.every((r) => r.length === 0)) throw new SignerTransportError('no signatures received from any signer');
    const perInput: InputSignature[][] = [];
    for (const sigs of round) sigs.forEach((s, i) => (perInput[i] ??= []).push({ signature: s }));
    return perInput;
  }

  async resubscribe(): Promise<void> {
    this.resubscriptions++;
    this.#round = undefined;
  }

  async close(): Promise<void> {}
}

/** `ok`; `down` (throws); `garbage` (a signature that does not verify); `wrong-pubkey`; `short` (one witness too few). */
export type HttpSignerBehaviour = 'ok' | 'down' | 'garbage' | 'wrong-pubkey' | 'short';

export class FakeSegwitSigner implements SignerTransport {
  behaviour: HttpSignerBehaviour = 'ok';
  readonly requests: SigningRequest[] = [];
  #result: InputSignature[] | undefined;

  constructor(
    private readonly secp: Secp256k1,
    readonly key: SignerKey,
  ) {}

  async publishConfirmedHash(): Promise<void> {}

  async requestSignatures(request: SigningRequest): Promise<void> {
    this.requests.push(request);
    this.#result = undefined;
    if (this.behaviour === 'down') throw new SignerTransportError('signer request failed: connect ECONNREFUSED');
    const sigs = request.items.map((sighash, i) => {
      const key = i === 0 ? tweakPrivateKey(this.secp, this.key.key, this.key.chaincode, request.confirmedRoot) : this.key.topupKey;
      if (key === undefined) throw new Error('no topup key');
      const signed = signDigest(this.secp, key, sighash);
      const pubkey = this.secp.publicKeyCreate(this.behaviour === 'wrong-pubkey' ? this.key.chaincode : key, true);
      const signature = this.behaviour === 'garbage' ? concatBytes(garbage(70), Uint8Array.of(1)) : signed;
      return { signature, pubkey };
    });
    this.#result = this.behaviour === 'short' ? sigs.slice(1) : sigs;
  }

  async collectSignatures(): Promise<InputSignature[][]> {
    const r = this.#result;
    if (r === undefined) throw new SignerTransportError('no signatures from the signer for this round');
    this.#result = undefined;
    return r.map((s) => [s]);
  }

  async resubscribe(): Promise<void> {
    this.#result = undefined;
  }

  async close(): Promise<void> {}
}
