import { DecodeError, parseJson, type JsonValue } from '@ocean-ts/core';
import { ToolError } from './tool-error.js';

/** bitcoin-tx's JSON registers (`set=NAME:JSON`, `load=NAME:FILENAME`), read by `sign`. */
export class Registers {
  private readonly values = new Map<string, JsonValue>();

  get(name: string): JsonValue | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** `RegisterSetJson`. */
  setJson(key: string, rawJson: string): void {
    try {
      this.values.set(key, parseJson(rawJson));
    } catch (e) {
      if (e instanceof DecodeError) throw new ToolError(`Cannot parse JSON for key ${key}`);
      throw e;
    }
  }

  /** `set=NAME:JSON`. */
  set(input: string): void {
    const pos = input.indexOf(':');
    if (pos <= 0 || pos === input.length - 1) throw new ToolError('Register input requires NAME:VALUE');
    this.setJson(input.slice(0, pos), input.slice(pos + 1));
  }

  /** `load=NAME:FILENAME`; `readFile` returns undefined when the file cannot be opened. */
  load(input: string, readFile: (path: string) => string | undefined): void {
    const pos = input.indexOf(':');
    if (pos <= 0 || pos === input.length - 1) throw new ToolError('Register load requires NAME:FILENAME');
    const filename = input.slice(pos + 1);
    const text = readFile(filename);
    if (text === undefined) throw new ToolError(`Cannot open file ${filename}`);
    this.setJson(input.slice(0, pos), text);
  }
}
