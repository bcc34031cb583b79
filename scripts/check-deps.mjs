#!/usr/bin/env node
// The dependency rule of ARCHITECTURE.md §2, checked on the sources:
//  - core imports no I/O (only `node:crypto` / `node:module` among Node built-ins, no process/console/
//    timers globals) and no other workspace package;
//  - wire → core, and wire is pure like core (same built-ins, same forbidden globals);
//  - node → core, wire, service-kit;
//  - every service → core, rpc-client, service-kit, and never node.
// Usage: node scripts/check-deps.mjs [rootDir]   (exit 1 and one line per violation when broken)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { builtinModules } from 'node:module';

const SCOPE = '@ocean-ts/';
const SERVICES = ['cli', 'federation', 'mainstay', 'coordinator', 'guardnode', 'asset-mapping', 'eth-bridge', 'explorer'];

/** Workspace packages each package may import. */
export const ALLOWED_WORKSPACE_DEPS = {
  core: [],
  wire: ['core'],
  'service-kit': ['core'],
  'rpc-client': ['core', 'service-kit'],
  node: ['core', 'wire', 'service-kit'],
  'test-harness': ['core', 'wire', 'node', 'service-kit', 'rpc-client', ...SERVICES],
  ...Object.fromEntries(SERVICES.map((s) => [s, ['core', 'rpc-client', 'service-kit']])),
};

/** Packages held to core's purity rule: no I/O built-ins, no process/console/timers/clock/randomness. */
const PURE_PACKAGES = new Set(['core', 'wire']);
/** Node built-ins a pure package may use (pure computation, no I/O). */
const CORE_BUILTINS = new Set(['crypto', 'module']);
/** Globals that mean I/O, time or process state in core. */
const CORE_FORBIDDEN_GLOBALS = [
  ['process', /\bprocess\s*\./],
  ['console', /\bconsole\s*\./],
  ['timers', /\bset(Timeout|Interval|Immediate)\s*\(/],
  ['Date.now', /\bDate\.now\s*\(/],
  ['new Date()', /\bnew\s+Date\s*\(\s*\)/],
  ['Math.random', /\bMath\.random\s*\(/],
];

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function walk(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

export function importsOf(src) {
  const specs = [];
  for (const m of stripComments(src).matchAll(IMPORT_RE)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return specs;
}

/** All violations of the rule under `root` (a repository root with a packages/ folder). */
export function checkDependencyRule(root) {
  const violations = [];
  let pkgs;
  try {
    pkgs = readdirSync(join(root, 'packages'));
  } catch {
    return violations;
  }
  for (const pkg of pkgs) {
    const srcDir = join(root, 'packages', pkg, 'src');
    const allowed = ALLOWED_WORKSPACE_DEPS[pkg];
    for (const file of walk(srcDir, [])) {
      const rel = relative(root, file);
      const src = readFileSync(file, 'utf8');
      if (allowed === undefined) {
        violations.push(`${rel}: package '${pkg}' is not in the dependency rule (add it to scripts/check-deps.mjs)`);
        break;
      }
      for (const spec of importsOf(src)) {
        if (spec.startsWith(SCOPE)) {
          const target = spec.slice(SCOPE.length).split('/')[0];
          if (target !== pkg && !allowed.includes(target)) violations.push(`${rel}: '${pkg}' must not import '${spec}'`);
          continue;
        }
        if (spec.startsWith('.')) {
          const resolved = join(file, '..', spec);
          if (!resolved.startsWith(join(root, 'packages', pkg) + '/')) violations.push(`${rel}: relative import '${spec}' leaves package '${pkg}'`);
          continue;
        }
        const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
        const isBuiltin = spec.startsWith('node:') || builtinModules.includes(bare.split('/')[0]);
        if (PURE_PACKAGES.has(pkg) && isBuiltin && !CORE_BUILTINS.has(bare)) violations.push(`${rel}: ${pkg} must not import '${spec}' (${pkg} is sans-I/O)`);
      }
      if (PURE_PACKAGES.has(pkg)) {
        const code = stripComments(src);
        for (const [name, re] of CORE_FORBIDDEN_GLOBALS) if (re.test(code)) violations.push(`${rel}: ${pkg} must not use ${name} (time, randomness and I/O are passed in)`);
      }
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;
  const v = checkDependencyRule(root);
  for (const line of v) console.error(line);
  if (v.length > 0) {
    console.error(`${v.length} dependency-rule violation(s)`);
    process.exit(1);
  }
  console.log('dependency rule: ok');
}
