import { OptionValues } from '@ocean-ts/core';
import { ToolError } from './tool-error.js';

/** ocean-tx's own switches. */
const TOOL_OPTIONS = ['?', 'h', 'help', 'create', 'json', 'txid', 'datadir', 'chain', 'regtest', 'testnet'];

/** Options that shape the chain parameters (the ones `parseChainOptions` reads). */
export const CHAIN_OPTIONS: readonly string[] = [
  'assetdir', 'attestationhash', 'bip9params', 'burnlistassetchange', 'burnlistcoinsdestination',
  'challengeassetchange', 'challengecoinsdestination', 'coinbasechange', 'con_bip34hash', 'con_bip34height',
  'con_bip65height', 'con_bip66height', 'con_defaultassumevalid', 'con_fpowallowmindifficultyblocks',
  'con_fpownoretargeting', 'con_mandatorycoinbase', 'con_nminerconfirmationwindow', 'con_nminimumchainwork',
  'con_npowtargetspacing', 'con_npowtargettimespan', 'con_nrulechangeactivationthreshold',
  'con_nsubsidyhalvinginterval', 'con_parentpowlimit', 'con_powlimit', 'contractchange', 'contractintx',
  'disabledoutput', 'embedcontract', 'embedmapping', 'fdefaultconsistencychecks', 'fedpegaddress', 'fedpegscript',
  'feeasset', 'fmineblocksondemand', 'fminingrequirespeers', 'freezelistassetchange', 'freezelistcoinsdestination',
  'frequirestandard', 'genesistimestamp', 'initialfreecoins', 'initialfreecoinsdestination', 'issuanceassetchange',
  'issuancecoinsdestination', 'issuecontrolscript', 'ndefaultport', 'npruneafterheight', 'parentcontract',
  'parentgenesisblockhash', 'peginconfirmationdepth', 'permissioncoinsdestination', 'policycoins', 'signblockscript',
  'signblockscriptchange', 'validatepegin', 'whitelistassetchange', 'whitelistcoinsdestination',
];

const KNOWN = new Set([...TOOL_OPTIONS, ...CHAIN_OPTIONS]);

/** The command line split like bitcoin-tx does it. */
export interface ToolArgs {
  /** Leading `-name[=value]` switches (a lone `-` is not a switch: it means "read stdin"). */
  readonly switches: readonly string[];
  readonly values: OptionValues;
  /** Everything after the switches: the hex transaction (unless `-create`) and the commands. */
  readonly rest: readonly string[];
}

/**
 * Split `args` into the leading switches and the rest (bitcoin-tx: `ParseParameters` stops at the
 * first element not starting with `-`, and `CommandLineRawTx` skips every leading `-x` but keeps a
 * lone `-`). Unknown option names are an error (`Argument -<name> not recognised.`), as in the
 * original's shared known-option list.
 */
export function parseToolArgs(args: readonly string[]): ToolArgs {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-') && args[i]!.length > 1) i++;
  const switches = args.slice(0, i);
  const values = OptionValues.fromSources(switches);
  for (const name of values.names()) {
    if (!KNOWN.has(name)) throw new ToolError(`Argument -${name} not recognised.`);
  }
  return { switches, values, rest: args.slice(i) };
}
