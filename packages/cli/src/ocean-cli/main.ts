import type { JsonObject } from '@ocean-ts/core';
import {
  HttpTransport,
  JsonRpcClient,
  RpcClientError,
  RpcConnectionError,
  parseCookie,
  type RpcCredentials,
  type RpcParams,
} from '@ocean-ts/rpc-client';
import { CliError, CliStartupError } from './cli-error.js';
import type { CliResult, OceanCliIo } from './cli-io.js';
import { parseCliArgs, resolveSettings, type CliSettings } from './cli-settings.js';
import { convertNamed, convertPositional } from './convert-args.js';
import { HELP_TEXT, VERSION_LINE } from './help.js';
import { formatReply } from './reply-output.js';

/** JSON-RPC error code of a node that is still starting. */
const RPC_IN_WARMUP = -28;
/** Pause between `-rpcwait` attempts (bitcoin-cli: one second). */
const RETRY_MS = 1000;

/**
 * Run ocean-cli with `args` (argv without node and script), bitcoin-cli 0.14 style. Never throws
 * for bad input and never prints a stack trace: start-up problems are one `Error: …` line, command
 * problems one `error: …` line (exit 1), RPC errors `error code: …` (exit `abs(code)`).
 */
export async function runOceanCli(args: readonly string[], io: OceanCliIo): Promise<CliResult> {
  try {
    return await run(args, io);
  } catch (e) {
    if (e instanceof CliStartupError) return { stdout: '', stderr: `${e.prefix}${e.message}\n`, code: 1 };
    if (e instanceof CliError || e instanceof RpcClientError) return { stdout: '', stderr: `error: ${e.message}\n`, code: 1 };
    return { stdout: '', stderr: `error: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`, code: 1 };
  }
}

async function run(args: readonly string[], io: OceanCliIo): Promise<CliResult> {
  const parsed = parseCliArgs(args);
  const { values } = parsed;
  if (args.length === 0 || values.has('?') || values.has('h') || values.has('help') || values.has('version')) {
    const text = values.has('version') ? VERSION_LINE : HELP_TEXT;
    if (args.length === 0) return { stdout: text, stderr: 'Error: too few parameters\n', code: 1 };
    return { stdout: text, stderr: '', code: 0 };
  }
  const settings = resolveSettings(parsed, io);

  const rest = [...parsed.rest];
  if (settings.stdin) rest.push(...stdinLines(await io.readStdin()));
  if (rest.length < 1) throw new CliError('too few parameters (need at least command)');
  const [method, ...methodArgs] = rest as [string, ...string[]];
  const params: RpcParams = settings.named ? convertNamed(method, methodArgs) : convertPositional(method, methodArgs);

  for (;;) {
    try {
      const reply = await callOnce(settings, io, method, params);
      const out = formatReply(reply);
      if (settings.wait && out.errorCode === RPC_IN_WARMUP) throw new RpcConnectionError('unknown');
      if (out.text === '') return { stdout: '', stderr: '', code: out.code };
      if (out.code === 0) return { stdout: out.text + '\n', stderr: '', code: 0 };
      return { stdout: '', stderr: out.text + '\n', code: out.code };
    } catch (e) {
      if (!settings.wait || !(e instanceof RpcConnectionError || e instanceof MissingCredentials)) throw e;
      await io.sleep(RETRY_MS);
    }
  }
}

/** One `CallRPC`: credentials (re-read each time: a restarted node writes a new cookie), then the call. */
async function callOnce(settings: CliSettings, io: OceanCliIo, method: string, params: RpcParams): Promise<JsonObject> {
  const credentials = readCredentials(settings, io);
  if (settings.port === 0) throw new RpcConnectionError('unknown');
  const target = { host: settings.host, port: settings.port, timeoutMs: settings.timeoutMs };
  const client = new JsonRpcClient({
    port: settings.port,
    credentials,
    transport: io.transport ? io.transport(target) : new HttpTransport(target),
  });
  return client.request(method, params);
}

/** No password and no usable cookie (yet): with `-rpcwait` the node may still be creating it. */
class MissingCredentials extends CliError {}

function readCredentials(settings: CliSettings, io: OceanCliIo): RpcCredentials {
  if (settings.password !== '') return { user: settings.user, password: settings.password };
  const content = io.readFile(settings.cookiePath);
  const cookie = content === undefined ? undefined : parseCookie(content);
  if (cookie === undefined) {
    throw new MissingCredentials(
      'Could not locate RPC credentials. No authentication cookie could be found, and no rpcpassword is set in the ' +
        `configuration file (${settings.configPath})`,
    );
  }
  return cookie;
}

/** `std::getline` over standard input: one argument per line, no empty last line. */
function stdinLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
