import { readFileSync } from 'node:fs';
import { runOceanTx } from './ocean-tx/main.js';

/** The `ocean-tx` executable: the only place that touches argv, stdin, files and the exit code. */
function main(): void {
  let code = 1;
  try {
    const r = runOceanTx(process.argv.slice(2), {
      readStdin: () => readFileSync(0, 'utf8'),
      readFile: (path) => {
        try {
          return readFileSync(path, 'utf8');
        } catch {
          return undefined;
        }
      },
    });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    code = r.code;
  } catch (e) {
    // Never a stack trace for users: one line, exit 1.
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exitCode = code;
}

main();
