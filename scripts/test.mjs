#!/usr/bin/env node
// Lists the test files explicitly (Node 20's --test does not expand globs) and runs them with
// `node --test --import tsx`. `--long` also runs the slow suites (`*.long.test.ts`).
//
// Not `--test-force-exit`: it exits a test file's process while its last results are still in the
// stdout pipe, so they are lost. Instead a watchdog: once the runner has printed its final summary
// it must exit within 30 s (a test that left a child process holding the output pipe would
// otherwise keep it waiting); the exit status then comes from the summary's fail count. The whole
// run is capped at 40 minutes.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

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

const child = spawn(process.execPath, ['--test', '--import', 'tsx', ...selected], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
let tail = '';
let failed;
let watchdog;
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString('utf8')).slice(-4096);
  const m = /^# fail (\d+)$/m.exec(tail);
  if (m && /^# duration_ms /m.test(tail.slice(m.index)) && !watchdog) {
    failed = Number(m[1]);
    watchdog = setTimeout(() => {
      console.error('test runner did not exit 30 s after its summary (a test left a process or handle behind); stopping it');
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      process.exit(failed > 0 ? 1 : 0);
    }, 30_000);
    watchdog.unref();
  }
});
// A test file that never ends (a leaked server or timer) would otherwise hang CI until its limit.
const overall = setTimeout(() => {
  console.error('test run exceeded 40 minutes; stopping it');
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
  process.exit(1);
}, 40 * 60_000);
overall.unref();
child.on('close', (code, signal) => {
  clearTimeout(overall);
  if (watchdog) clearTimeout(watchdog);
  process.exit(code ?? (signal ? 1 : 0));
});
