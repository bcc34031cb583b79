import { readFileSync } from 'node:fs';
import { runOceanTx } from './ocean-tx/main.js';

function main(): void {
  let code = 1;
  try {
    const r = runOceanTx(process.argv.slice(2), () => readFileSync(0, 'utf8'));
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
