/** What every message class offers: its command and its payload bytes. */
export interface WireMessage {
  readonly command: string;
  /** The payload (without the frame header). */
  encode(): Uint8Array;
}
