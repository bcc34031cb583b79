import { readFileSync } from 'node:fs';
import { runToolMain } from './bin-runner.js';
import { runOceanTx } from './ocean-tx/main.js';

// The `ocean-tx` executable: the only place that touches argv, stdin, files and the exit code.
void runToolMain(() =>
  runOceanTx(process.argv.slice(2), {
    readStdin: () => readFileSync(0, 'utf8'),
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  }),
);
