import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FlagError, parseGoFlags } from '../../src/clients/go-flags.js';

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
