import { runToolMain } from './bin-runner.js';
import { runOceanCli } from './ocean-cli/main.js';
import { nodeCliIo } from './ocean-cli/node-io.js';

// The `ocean-cli` executable: the only place that touches argv, the environment and the exit code.
void runToolMain(() => runOceanCli(process.argv.slice(2), nodeCliIo(process.env)));
