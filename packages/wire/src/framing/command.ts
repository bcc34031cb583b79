import { assert } from '@ocean-ts/core';
import { COMMAND_SIZE } from '../protocol/limits.js';

/**
 * Core's command check of `CMessageHeader::IsValid`: printable ASCII (0x20–0x7e) up to the first
 * NUL, and only NULs after it. An all-NUL command is valid (an empty, unknown command).
 */
export function isValidCommandBytes(bytes: Uint8Array): boolean {
  if (bytes.length !== COMMAND_SIZE) return false;
  let i = 0;
  for (; i < COMMAND_SIZE && bytes[i] !== 0; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e) return false;
  }
  for (; i < COMMAND_SIZE; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** `CMessageHeader::GetCommand`: the bytes before the first NUL (one char per byte). */
export function commandFromBytes(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length && bytes[i] !== 0; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** The 12-byte NUL-padded form of a command; asserts it is at most 12 printable ASCII characters. */
export function commandToBytes(command: string): Uint8Array {
  assert(command.length <= COMMAND_SIZE, `command '${command}' is longer than ${COMMAND_SIZE} characters`);
  const out = new Uint8Array(COMMAND_SIZE);
  for (let i = 0; i < command.length; i++) {
    const c = command.charCodeAt(i);
    assert(c >= 0x20 && c <= 0x7e, `command '${command}' has a non-printable character`);
    out[i] = c;
  }
  return out;
}
