import { DecodeError, Transaction, fromHex, toHex } from '@ocean-ts/core';

/** Result of running the tool: what to print and the exit code (no I/O here). */
export interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

const HELP = `ocean-tx: create, modify and decode Ocean transactions

Usage:  ocean-tx [options] <hex-tx> [commands]
        ocean-tx -create [options] [commands]
        ocean-tx -txid <hex-tx>

Options:
  -?, -help   This help message
  -create     Create a new, empty transaction
  -json       Select JSON output
  -txid       Output only the transaction id of the resulting transaction
`;

/** Run ocean-tx with the given arguments (argv without node and script). */
export function runOceanTx(args: readonly string[], stdin: () => string): ToolResult {
  const opts = new Set<string>();
  const rest: string[] = [];
  for (const a of args) {
    if (rest.length === 0 && a.startsWith('-') && a !== '-') opts.add(a.replace(/^--?/, '').split('=')[0]!);
    else rest.push(a);
  }
  if (opts.has('?') || opts.has('help') || opts.has('h')) return { stdout: HELP, stderr: '', code: 0 };
  try {
    let tx: Transaction;
    if (opts.has('create')) {
      tx = new Transaction(2, [], [], 0);
    } else {
      const first = rest.shift();
      if (first === undefined) return { stdout: '', stderr: HELP, code: 1 };
      const hex = (first === '-' ? stdin() : first).trim();
      tx = decodeTx(hex);
    }
    if (rest.length > 0) throw new ToolError(`unknown command: ${rest[0]}`);
    if (opts.has('txid')) return { stdout: tx.txidHex + '\n', stderr: '', code: 0 };
    return { stdout: toHex(tx.toBytes()) + '\n', stderr: '', code: 0 };
  } catch (e) {
    if (e instanceof ToolError) return { stdout: '', stderr: `error: ${e.message}\n`, code: 1 };
    throw e;
  }
}

export class ToolError extends Error {}

function decodeTx(hex: string): Transaction {
  try {
    return Transaction.decode(fromHex(hex));
  } catch (e) {
    if (e instanceof DecodeError) throw new ToolError(`invalid transaction encoding: ${e.message}`);
    throw e;
  }
}
