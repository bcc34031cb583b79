/** Invalid key material, scripts or commitments, and attestation transactions that cannot be built. */
export class MainstayCryptoError extends Error {
  override readonly name = 'MainstayCryptoError';
}
