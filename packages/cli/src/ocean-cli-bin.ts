import { runOceanCli } from './ocean-cli/main.js';
import { nodeCliIo } from './ocean-cli/node-io.js';

/** The `ocean-cli` executable: the only place that touches argv, the environment and the exit code. */
async function main(): Promise<void> {
  let code = 1;
  try {
    const r = await runOceanCli(process.argv.slice(2), nodeCliIo(process.env));
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    code = r.code;
  } catch (e) {
    // Never a stack trace for users: one line, exit 1.
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exitCode = code;
}

void main();
