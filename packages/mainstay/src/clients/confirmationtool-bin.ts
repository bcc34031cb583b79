import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { runConfirmationTool } from './confirmationtool.js';
import { runToolProcess } from './tool-process.js';

// The `confirmationtool` executable: the only place that touches argv and the environment.
await runToolProcess('confirmationtool', process.stderr, ({ io, logger, signal }) =>
  runConfirmationTool(process.argv.slice(2), { io, secp: loadNativeSecp256k1(), env: process.env, signal, logger }),
);
