/**
 * The states of the attestation service (spec mainstay.md §2.6), with the original's numeric codes
 * (`attestation/attestservice.go`), which also appear in its logs.
 */
export const AttestationState = {
  Error: -1,
  Init: 0,
  NextCommitment: 1,
  NewAttestation: 2,
  SignAttestation: 3,
  PreSendStore: 4,
  SendAttestation: 5,
  AwaitConfirmation: 6,
  HandleUnconfirmed: 7,
} as const;

export type AttestationState = (typeof AttestationState)[keyof typeof AttestationState];

const NAMES: Record<AttestationState, string> = {
  [-1]: 'Error',
  0: 'Init',
  1: 'NextCommitment',
  2: 'NewAttestation',
  3: 'SignAttestation',
  4: 'PreSendStore',
  5: 'SendAttestation',
  6: 'AwaitConfirmation',
  7: 'HandleUnconfirmed',
};

/** `Init (0)`, `AwaitConfirmation (6)`, … */
export function attestationStateName(state: AttestationState): string {
  return `${NAMES[state]} (${state})`;
}
