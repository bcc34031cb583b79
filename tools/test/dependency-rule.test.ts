import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM script without type declarations
import { checkDependencyRule, importsOf } from '../../scripts/check-deps.mjs';

const root = new URL('../..', import.meta.url).pathname;

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deprule-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('the repository obeys the dependency rule', () => {
  assert.deepEqual(checkDependencyRule(root), []);
});

test('import extraction sees static, side-effect, dynamic imports and require', () => {
  const src = `import { a } from './a.js';\nimport type { B } from "@ocean-ts/node";\nimport 'node:fs';\nexport * from './x.js';\nconst m = await import('node:net');\nconst r = require('child_process');\n// import { no } from 'commented';`;
  assert.deepEqual(importsOf(src), ['./a.js', '@ocean-ts/node', 'node:fs', './x.js', 'node:net', 'child_process']);
});

test('violations are reported: core doing I/O, a service importing node, escaping relative imports', () => {
  const dir = fixture({
    'packages/core/src/ok.ts': `import { hash } from 'node:crypto';\nexport const x = hash;`,
    'packages/core/src/bad-fs.ts': `import { readFileSync } from 'node:fs';\nexport const y = readFileSync;`,
    'packages/core/src/bad-global.ts': `export function now() { return Date.now(); }\nconsole.log('x');`,
    'packages/core/src/bad-pkg.ts': `import { x } from '@ocean-ts/wire';`,
    'packages/cli/src/bad.ts': `import { Node } from '@ocean-ts/node';\nimport { y } from '../../core/src/ok.js';`,
    'packages/cli/src/good.ts': `import { x } from '@ocean-ts/core';\nimport { readFileSync } from 'node:fs';`,
    'packages/node/src/good.ts': `import { x } from '@ocean-ts/wire';`,
    'packages/wire/src/bad.ts': `import { x } from '@ocean-ts/node';`,
  });
  try {
    const v: string[] = checkDependencyRule(dir);
    const has = (needle: string) => assert.ok(v.some((l) => l.includes(needle)), `expected a violation mentioning ${needle}:\n${v.join('\n')}`);
    has("core/src/bad-fs.ts: core must not import 'node:fs'");
    has('core/src/bad-global.ts: core must not use Date.now');
    has('core/src/bad-global.ts: core must not use console');
    has("core/src/bad-pkg.ts: 'core' must not import '@ocean-ts/wire'");
    has("cli/src/bad.ts: 'cli' must not import '@ocean-ts/node'");
    has("cli/src/bad.ts: relative import '../../core/src/ok.js' leaves package 'cli'");
    has("wire/src/bad.ts: 'wire' must not import '@ocean-ts/node'");
    assert.ok(!v.some((l) => l.includes('ok.ts') || l.includes('good.ts')), v.join('\n'));
    assert.equal(v.length, 7, v.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wire is held to the same purity rule as core', () => {
  const dir = fixture({
    'packages/wire/src/ok.ts': `import { sha256d } from '@ocean-ts/core';\nimport { hash } from 'node:crypto';\nexport const x = [sha256d, hash];`,
    'packages/wire/src/bad-net.ts': `import { connect } from 'node:net';\nexport const y = connect;`,
    'packages/wire/src/bad-timer.ts': `export function later(f: () => void) { setTimeout(f, 1); return Math.random(); }`,
  });
  try {
    const v: string[] = checkDependencyRule(dir);
    assert.ok(v.some((l) => l.includes("wire/src/bad-net.ts: wire must not import 'node:net'")), v.join('\n'));
    assert.ok(v.some((l) => l.includes('wire/src/bad-timer.ts: wire must not use timers')), v.join('\n'));
    assert.ok(v.some((l) => l.includes('wire/src/bad-timer.ts: wire must not use Math.random')), v.join('\n'));
    assert.ok(!v.some((l) => l.includes('ok.ts')), v.join('\n'));
    assert.equal(v.length, 3, v.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
