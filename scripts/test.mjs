#!/usr/bin/env node
// Lists the test files explicitly (Node 20's --test does not expand globs) and runs them with
// `node --test --import tsx`. `--long` also runs the slow suites (`*.long.test.ts`).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const long = process.argv.includes('--long');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
}

const files = [];
for (const pkg of readdirSync(join(root, 'packages'))) walk(join(root, 'packages', pkg, 'test'), files);
walk(join(root, 'tools', 'test'), files);
const selected = files
  .filter((f) => long || !f.endsWith('.long.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .map((f) => relative(root, f))
  .sort();
if (selected.length === 0) {
  console.error('no test files selected');
  process.exit(1);
}
// --test-force-exit: a test file that leaves a handle open must not hang CI after its tests ended.
const r = spawnSync(process.execPath, ['--test', '--test-force-exit', '--import', 'tsx', ...selected], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
