import { JsonNumber } from '@ocean-ts/core';
import type { MethodTable } from './method-table.js';
import type { RpcMethod } from './rpc-method.js';

export interface ControlMethodsOptions {
  /**
   * Begins node shutdown (Core's `StartShutdown`). Called while the `stop` request is being
   * answered; it must not wait for the RPC server to close (the reply is still in flight).
   */
  readonly shutdown: () => void;
  /** Wall clock in milliseconds (default `Date.now`). */
  readonly clock?: () => number;
  /** Start time in milliseconds for `uptime` (default: the clock when the methods are created). */
  readonly startTimeMs?: number;
}

/** The text `stop` returns (Ocean's wording of Core's "Bitcoin server stopping"). */
export const STOP_MESSAGE = 'Ocean server stopping';

const HELP_HELP = `help ( "command" )

Without an argument, lists the synopsis of every available command, grouped by category.
With a command name, shows that command's full usage.

Arguments:
1. "command"    (string, optional) the command to describe

Result:
"text"    (string) the requested help`;

const STOP_HELP = `stop

Asks the Ocean server to shut down. The reply is sent before the server goes away.`;

const UPTIME_HELP = `uptime

Reports for how long the server has been running.

Result:
n    (numeric) whole seconds elapsed since the server started`;

/**
 * `help`, `stop` and `uptime` (category `control`; all allowed in safe mode). `help` reads the
 * given table, so register these into the table they describe.
 */
export function controlMethods(table: MethodTable, options: ControlMethodsOptions): RpcMethod[] {
  const clock = options.clock ?? Date.now;
  const start = options.startTimeMs ?? clock();
  return [
    {
      name: 'help',
      category: 'control',
      argNames: ['command'],
      okSafeMode: true,
      help: HELP_HELP,
      maxArgs: 1,
      handler: (params) => {
        const command = params[0];
        if (command === undefined) return table.help('');
        if (typeof command !== 'string') throw new Error('JSON value is not a string as expected');
        return table.help(command);
      },
    },
    {
      name: 'stop',
      category: 'control',
      argNames: [],
      okSafeMode: true,
      help: STOP_HELP,
      // Core 0.14 accepts (and ignores) the old `detach` argument.
      maxArgs: 1,
      handler: () => {
        options.shutdown();
        return STOP_MESSAGE;
      },
    },
    {
      name: 'uptime',
      category: 'control',
      argNames: [],
      okSafeMode: true,
      help: UPTIME_HELP,
      maxArgs: 0,
      handler: () => JsonNumber.of(Math.floor(clock() / 1000) - Math.floor(start / 1000)),
    },
  ];
}

/** Register `help`, `stop` and `uptime` into `table`. */
export function registerControlMethods(table: MethodTable, options: ControlMethodsOptions): MethodTable {
  return table.registerAll(controlMethods(table, options));
}
