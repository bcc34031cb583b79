/**
 * A request the API answers with an error envelope (`{"error": message, …}`, HTTP 200 like the
 * original). Any other exception becomes `an error occurred in the API`.
 */
export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiError';
  }
}
