/**
 * The REST API's messages (spec mainstay.md §4.2, §5.2–5.3). The first block is the original's text
 * verbatim (mainstay-mvc `/api/v1`, typos included); the second block is ours (ADR 0046).
 */
export const ApiMessages = {
  // --- the original's ---------------------------------------------------------------------------
  apiVersion: 'Mainstay-API-v1',
  internalError: 'an error occurred in the API',
  missingPosition: 'missing position parameter',
  positionNotInt: 'position expects a int',
  missingMerkleRoot: 'missing merkle_root parameter',
  missingTxid: 'missing txid parameter',
  missingHash: 'missing hash parameter',
  missingCommitment: 'missing commitment parameter',
  /** Also used for a wrong-length `merkle_root` (as the original). */
  commitmentLength: 'commitment string parameter must contain 64 characters',
  /** Also used for a wrong-length `hash` (as the original). */
  txidLength: 'txid string parameter must contain 64 characters',
  positionUnknown: 'your position is unknown to us',
  slotAwaiting: 'Slot allocated: awating first attestation',
  commitmentOrPositionUnknown: 'your commitment or position is unknown to us',
  merkleRootUnknown: 'your merkle root is unknown to us',
  attestationNotFoundForTxid: 'attestation could not be found for the txid provided',
  notFound: 'Not found',
  pending: 'Pending',
  commitmentsNotFoundForRoot: 'Commitments not found for merkle_root provided',
  noAttestationForRoot: 'No attestation found for merkle_root provided',
  noDataForPosition: 'No data found for position provided',
  noClientDetailsForPosition: 'No client details found for position provided',
  noAttestation: 'No attestation found',
  noAttestationsForBlockhash: 'No attestations found for blockhash provided',
  // commitment/send (§4.2)
  payloadNotBase64: 'X-MAINSTAY-PAYLOAD not in base64 format',
  missingToken: 'missing token parameter',
  commitmentNotHex: 'commitment is not a valid hex string',
  tokenWrong: 'your token is wrong',
  slotExpired: 'your slot got expired, recharge with a new token',
  missingSignature: 'missing X-MAINSTAY-SIGNATURE',
  signatureIncorrect: 'your signature is incorrect',
  dailyLimit: 'Daily commitment limit reached',
  commitmentAdded: 'Commitment added',

  // --- ours (ADR 0046) ------------------------------------------------------------------------
  pageNotInt: 'page expects a int',
  routeNotFound: 'route not found',
  methodNotAllowed: 'method not allowed',
  bodyTooLarge: 'request body too large',
  extensionUnsupported:
    'not supported: the payment and additions extensions (commitment/add, token, spendtoken, slotexpiry, feerate) are not part of this server',
} as const;
