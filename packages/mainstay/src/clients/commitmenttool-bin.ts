import { randomBytes } from 'node:crypto';
import { loadNativeSecp256k1 } from '@ocean-ts/core';
import { runCommitmentTool } from './commitmenttool.js';
import { runToolProcess } from './tool-process.js';

// The `commitmenttool` executable: the only place that touches argv and the environment.
await runToolProcess('commitmenttool', process.stdout, ({ io, logger, signal }) =>
  runCommitmentTool(process.argv.slice(2), {
    io,
    secp: loadNativeSecp256k1(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    env: process.env,
    signal,
    logger,
  }),
);
