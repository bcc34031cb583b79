import { randomUUID } from 'node:crypto';

// The `tokengeneratortool` executable (spec §4.1): prints a fresh UUID v4 and nothing else.
process.stdout.write(`${randomUUID()}\n`);
