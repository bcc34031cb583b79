import {
  ChainParams,
  ChainParamsError,
  DecodeError,
  NobleSecp256k1,
  Transaction,
  fromHex,
  interpretBool,
  isNativeSecp256k1Available,
  loadNativeSecp256k1,
  toHex,
  txToJson,
  writeJson,
  type ChainFiles,
  type OptionValues,
  type Secp256k1,
} from '@ocean-ts/core';
import { HELP_TEXT } from './help.js';
import { isCoreHex } from './hex-parsing.js';
import { parseToolArgs } from './options.js';
import { ToolError } from './tool-error.js';
import { TxEditor } from './tx-editor.js';

/** Result of running the tool: what to print and the exit code (no I/O here). */
export interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** The I/O the tool needs, provided by the bin entry (and by tests). */
export interface OceanTxIo {
  /** All of standard input (`-` as the transaction argument). */
  readStdin(): string;
  /** A file's contents, or undefined when it cannot be opened (`load=`, `-datadir` files). */
  readFile(path: string): string | undefined;
}

const fail = (message: string): ToolResult => ({ stdout: '', stderr: `error: ${message}\n`, code: 1 });

let secpInstance: Secp256k1 | undefined;
function secp(): Secp256k1 {
  return (secpInstance ??= isNativeSecp256k1Available() ? loadNativeSecp256k1() : new NobleSecp256k1());
}

/**
 * The terms-and-conditions and asset-mapping files of `chain` under `-datadir`
 * (`terms-and-conditions/<chain>/latest.txt`, `old1.txt`, `old2.txt`, …,
 * `asset-mapping/<chain>/latest.json`).
 */
function datadirFiles(datadir: string | undefined, io: OceanTxIo): (chain: string) => ChainFiles {
  return (chain) => {
    if (datadir === undefined || datadir === '') return {};
    const base = datadir.endsWith('/') ? datadir : datadir + '/';
    const old: string[] = [];
    for (let i = 1; i <= 1000; i++) {
      const t = io.readFile(`${base}terms-and-conditions/${chain}/old${i}.txt`);
      if (t === undefined) break;
      old.push(t);
    }
    return {
      terms: { latest: io.readFile(`${base}terms-and-conditions/${chain}/latest.txt`), old },
      mapping: io.readFile(`${base}asset-mapping/${chain}/latest.json`),
    };
  };
}

function boolArg(values: OptionValues, name: string): boolean {
  const v = values.get(name);
  return v !== undefined && interpretBool(v);
}

/** bitcoin-tx's `readStdin`: everything, right-trimmed. */
function trimRight(s: string): string {
  return s.replace(/[ \t\n\v\f\r]+$/, '');
}

/**
 * Run ocean-tx with `args` (argv without node and script). Never throws for bad input: every
 * failure is one `error: …` (or, before the transaction is read, `Error: …`) line and exit code 1.
 */
export function runOceanTx(args: readonly string[], io: OceanTxIo): ToolResult {
  try {
    return run(args, io);
  } catch (e) {
    if (e instanceof ToolError) return fail(e.message);
    // Not expected: still one line, never a stack trace.
    return fail(`unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function run(args: readonly string[], io: OceanTxIo): ToolResult {
  let parsed;
  try {
    parsed = parseToolArgs(args);
  } catch (e) {
    if (e instanceof ToolError || e instanceof ChainParamsError) return { stdout: '', stderr: `Error: ${e.message}\n`, code: 1 };
    throw e;
  }
  const { values, rest } = parsed;
  if (args.length === 0 || values.has('?') || values.has('h') || values.has('help')) {
    return { stdout: HELP_TEXT, stderr: args.length === 0 ? 'Error: too few parameters\n' : '', code: args.length === 0 ? 1 : 0 };
  }

  let chain: ChainParams;
  try {
    chain = ChainParams.fromOptionValues(values, datadirFiles(values.get('datadir'), io));
  } catch (e) {
    if (e instanceof ChainParamsError) return { stdout: '', stderr: `Error: ${e.message}\n`, code: 1 };
    throw e;
  }

  let tx: Transaction | undefined;
  let start = 0;
  if (!boolArg(values, 'create')) {
    if (rest.length < 1) throw new ToolError('too few parameters');
    let hex = rest[0]!;
    if (hex === '-') {
      try {
        hex = trimRight(io.readStdin());
      } catch {
        throw new ToolError('error reading stdin');
      }
    }
    if (!isCoreHex(hex)) throw new ToolError('invalid transaction encoding');
    try {
      tx = Transaction.decode(fromHex(hex));
    } catch (e) {
      if (e instanceof DecodeError) throw new ToolError('invalid transaction encoding');
      throw e;
    }
    start = 1;
  }

  const editor = new TxEditor({ chain, secp: secp(), readFile: (p) => io.readFile(p) }, tx);
  for (const arg of rest.slice(start)) {
    const eq = arg.indexOf('=');
    editor.apply(eq < 0 ? arg : arg.slice(0, eq), eq < 0 ? '' : arg.slice(eq + 1));
  }
  const result = editor.build();

  if (boolArg(values, 'json')) {
    const json = txToJson(result, { base58: chain.base58, assetLabel: (a) => chain.assetLabels.labelFor(a) });
    return { stdout: writeJson(json, 4) + '\n', stderr: '', code: 0 };
  }
  if (boolArg(values, 'txid')) return { stdout: result.txidHex + '\n', stderr: '', code: 0 };
  return { stdout: toHex(result.toBytes()) + '\n', stderr: '', code: 0 };
}
