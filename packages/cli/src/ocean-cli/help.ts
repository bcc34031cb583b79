import { DEFAULT_CHAIN, REGTEST_CHAIN } from '@ocean-ts/core';
import { DEFAULT_CLIENT_TIMEOUT_SECONDS, DEFAULT_RPCCONNECT } from './cli-settings.js';

export const CLI_VERSION = 'v2.1.1.1 (ocean-ts)';

/** First line of `-help` and all of `-version`. */
export const VERSION_LINE = `Ocean RPC client version ${CLI_VERSION}\n`;

/** `ocean-cli -help`: usage and the options the client reads. */
export const HELP_TEXT = `${VERSION_LINE}
Usage:
  ocean-cli [options] <command> [params]  Send a command to oceand
  ocean-cli [options] -named <command> [name=value] ...  Send a command with named arguments
  ocean-cli [options] help                List the node's commands
  ocean-cli [options] help <command>      Show the node's help for one command

Options:

  -?, -h, -help
       Print this text and exit

  -version
       Print the version and exit

  -conf=<file>
       Configuration file, relative to the data directory unless absolute
       (default: ocean.conf)

  -datadir=<dir>
       Base data directory (default: $HOME/.bitcoin); it must exist

Chain selection options:

  -chain=<chain>
       The node's chain; picks the default RPC port and the cookie directory
       (default: ${DEFAULT_CHAIN}; ports: 8332 ocean_main, 8443 gold_main, 7041
       any other chain)

  -regtest
       Shorthand for -chain=${REGTEST_CHAIN}

Connection options:

  -named
       Arguments are name=value pairs sent as a JSON object (default: false)

  -rpcconnect=<ip>
       Node address (default: ${DEFAULT_RPCCONNECT})

  -rpcport=<port>
       Node RPC port (default: from the chain, see -chain)

  -rpcwait
       Keep retrying, once a second, until the node accepts the call (connection
       refused or warming up)

  -rpcuser=<user>
       User name for the node's RPC interface

  -rpcpassword=<pw>
       Password for the node's RPC interface; without one, the credentials come
       from the cookie file <datadir>/<chain>/.cookie

  -rpccookiefile=<file>
       Cookie file to use instead (relative to the chain directory)

  -rpcclienttimeout=<n>
       Seconds of silence before giving up on the node, 0 for never (default:
       ${DEFAULT_CLIENT_TIMEOUT_SECONDS})

  -stdin
       Read further arguments from standard input, one per line (for values
       that should not appear in the process list)

Arguments that a command takes as numbers, booleans, arrays or objects are
parsed as JSON; every other argument is sent as a string.
`;
