import { strict as assert } from 'node:assert';
import { describe, it, test } from 'node:test';
import { FlagError, parseGoFlags, parseToolFlags } from '../../src/clients/go-flags.js';

describe('Go-style flags', () => {
  const spec = { values: ['db', 'name'], booleans: ['h'] };
  it('reads -f v, --f v, -f=v, booleans, and stops at the first non-flag or --', () => {
    const p = parseGoFlags(['-db', 'a', '--name=x y', '-h', 'rest', '-db', 'b'], spec);
    assert.equal(p.values.get('db'), 'a');
    assert.equal(p.values.get('name'), 'x y');
    assert.ok(p.booleans.has('h'));
    assert.deepEqual(p.rest, ['rest', '-db', 'b']);
    assert.deepEqual(parseGoFlags(['--', '-db'], spec).rest, ['-db']);
    assert.equal(parseGoFlags(['-name='], spec).values.get('name'), '');
    assert.ok(!parseGoFlags(['-h=false'], spec).booleans.has('h'));
  });
  it('rejects unknown flags and missing values like Go', () => {
    assert.throws(() => parseGoFlags(['-nope'], spec), (e: unknown) => e instanceof FlagError && e.message === 'flag provided but not defined: -nope');
    assert.throws(() => parseGoFlags(['-db'], spec), /flag needs an argument: -db/);
    assert.throws(() => parseGoFlags(['-h=maybe'], spec), /invalid boolean value/);
  });
});

test('parseToolFlags: usage and exit code 2 on a bad flag, 0 on -h, the flags otherwise', () => {
  const out: string[] = [];
  const err = (s: string): void => void out.push(s);
  assert.equal(parseToolFlags(['-bogus'], { values: ['db'] }, 'USAGE', err), 2);
  assert.deepEqual(out, ['flag provided but not defined: -bogus\nUSAGE']);
  assert.equal(parseToolFlags(['-help'], { values: ['db'] }, 'USAGE', err), 0);
  assert.equal(out[1], 'USAGE');
  const flags = parseToolFlags(['-db', 'x.sqlite', 'rest'], { values: ['db'] }, 'USAGE', err);
  assert.ok(typeof flags !== 'number');
  assert.equal(flags.values.get('db'), 'x.sqlite');
  assert.deepEqual(flags.rest, ['rest']);
  assert.equal(out.length, 2);
});
