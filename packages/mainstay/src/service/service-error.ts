/** A failure of an attestation step: the service goes to Error, then Init (spec mainstay.md §2.6). */
export class AttestationServiceError extends Error {
  override readonly name = 'AttestationServiceError';
}

/** The original's messages. */
export const ERROR_NO_UNSPENT = 'No valid unspent found';
export const ERROR_EMPTY_COMMITMENTS = 'List of commitments is empty';
