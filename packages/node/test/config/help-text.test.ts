import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpText, versionText } from '../../src/config/help-text.js';
import { KNOWN_OPTIONS } from '@ocean-ts/core';

describe('help text', () => {
  const normal = helpText({ version: '0.1.0' });
  const debug = helpText({ version: '0.1.0', showDebug: true });

  it('lists every documented option, grouped by category', () => {
    for (const o of KNOWN_OPTIONS) {
      const line = new RegExp(`^  -${o.name.replace(/[?]/g, '\\?')}(=|$)`, 'm');
      if (o.hidden) assert.doesNotMatch(debug, line, o.name);
      else if (o.debugOnly) {
        assert.match(debug, line, o.name);
        assert.doesNotMatch(normal, line, o.name);
      } else assert.match(normal, line, o.name);
    }
    assert.match(normal, /^General:$/m);
    assert.match(normal, /^Ocean policy and wallet:$/m);
    assert.match(normal, /^  -rpcport=<n>\n {7}Port for JSON-RPC\. \(default: 7041 \(ocean_main 8332, gold_main 8443\)\)$/m);
    assert.match(normal, /^  -addnode=<ip>\n {7}.* Repeatable\.$/m);
    assert.ok(debug.length > normal.length);
  });

  it('wraps lines at 79 columns', () => {
    for (const line of debug.split('\n')) {
      assert.ok(line.length <= 79, line);
    }
  });

  it('prints the version', () => {
    assert.match(versionText('9.9.9'), /^Ocean Core Daemon version v9\.9\.9$/m);
  });
});
