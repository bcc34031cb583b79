import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatFieldValue, formatLogLine, formatLogTimestamp } from '../src/debug-log-format.js';
import { shrinkLogFile } from '../src/log-file.js';
import { nullLogger } from '../src/logger.js';
import { createLogger } from '../src/pino-logger.js';
import { RecordingLogger } from '../src/recording-logger.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'logger-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

// 2017-02-01 12:34:56.000789 UTC
const T = Date.UTC(2017, 1, 1, 12, 34, 56) * 1000 + 789;
const clock = () => T;

describe('debug.log line format', () => {
  it('formats UTC timestamps like the original', () => {
    assert.equal(formatLogTimestamp(T), '2017-02-01 12:34:56');
    assert.equal(formatLogTimestamp(T, true), '2017-02-01 12:34:56.000789');
  });
  it('formats fields as key=value and prefixes warnings and errors', () => {
    const opts = { timestamps: true, micros: false };
    assert.equal(formatLogLine('info', 'UpdateTip: new best', { height: 5, ok: true }, T, opts), '2017-02-01 12:34:56 UpdateTip: new best height=5 ok=true\n');
    assert.equal(formatLogLine('warn', 'w', {}, T, { timestamps: false, micros: false }), 'WARNING: w\n');
    assert.equal(formatLogLine('error', 'e', { skip: undefined }, T, { timestamps: false, micros: false }), 'ERROR: e\n');
  });
  it('quotes values that would break the key=value layout', () => {
    assert.equal(formatFieldValue('plain'), 'plain');
    assert.equal(formatFieldValue('two words'), '"two words"');
    assert.equal(formatFieldValue(''), '""');
    assert.equal(formatFieldValue(12n), '12');
    assert.equal(formatFieldValue(new Uint8Array([1, 0xab])), '01ab');
    assert.equal(formatFieldValue(new Error('bad thing')), '"bad thing"');
    assert.equal(formatFieldValue({ a: 1n }), '{"a":"1"}');
  });
});

describe('createLogger (pino)', () => {
  it('appends debug.log lines to a file', async () => {
    const file = join(dir, 'debug.log');
    writeFileSync(file, 'old line\n');
    const log = createLogger({ file, clock });
    log.info('Bitcoin version v0.14', { chain: 'elementsregtest' });
    log.child({ peer: 3 }).warn('misbehaving', { score: 10 });
    log.debug('not written at level info');
    await log.close();
    log.info('after close: discarded');
    assert.equal(
      readFileSync(file, 'utf8'),
      'old line\n2017-02-01 12:34:56 Bitcoin version v0.14 chain=elementsregtest\n2017-02-01 12:34:56 WARNING: misbehaving peer=3 score=10\n',
    );
  });

  it('writes to a console sink, with micro-second timestamps when asked', async () => {
    const lines: string[] = [];
    const log = createLogger({ console: { write: (s) => lines.push(s) }, clock, micros: true, level: 'debug' });
    log.debug('d');
    log.error('e', { code: -1 });
    await log.close();
    assert.deepEqual(lines, ['2017-02-01 12:34:56.000789 d\n', '2017-02-01 12:34:56.000789 ERROR: e code=-1\n']);
  });

  it('writes to both file and console, and without timestamps when -logtimestamps=0', async () => {
    const file = join(dir, 'both.log');
    const lines: string[] = [];
    const log = createLogger({ file, console: { write: (s) => lines.push(s) }, timestamps: false });
    log.info('hello');
    await log.close();
    assert.equal(readFileSync(file, 'utf8'), 'hello\n');
    assert.deepEqual(lines, ['hello\n']);
  });

  it('filters debug lines by category', async () => {
    const lines: string[] = [];
    const log = createLogger({
      console: { write: (s) => lines.push(s) },
      timestamps: false,
      level: 'debug',
      debugCategory: (c) => c === 'net',
    });
    log.child({ category: 'net' }).debug('net line');
    log.debug('mempool line', { category: 'mempool' });
    log.debug('no category');
    log.info('info is never filtered', { category: 'mempool' });
    assert.equal(log.isLevelEnabled('debug'), true);
    await log.close();
    assert.equal(log.isLevelEnabled('info'), false);
    assert.deepEqual(lines, ['net line category=net\n', 'info is never filtered category=mempool\n']);
  });

  it('creates missing parent directories for the file', async () => {
    const file = join(dir, 'a', 'b', 'debug.log');
    const log = createLogger({ file, timestamps: false });
    log.info('x');
    log.flush();
    await log.close();
    assert.equal(readFileSync(file, 'utf8'), 'x\n');
  });
});

describe('other loggers', () => {
  it('nullLogger discards everything', () => {
    nullLogger.info('x');
    assert.equal(nullLogger.child({ a: 1 }), nullLogger);
    assert.equal(nullLogger.isLevelEnabled('error'), false);
  });
  it('RecordingLogger keeps lines with merged fields, shared with children', () => {
    const rec = new RecordingLogger();
    rec.child({ peer: 1 }).info('hi', { x: 2 });
    rec.error('bad');
    assert.deepEqual(rec.records, [
      { level: 'info', message: 'hi', fields: { peer: 1, x: 2 } },
      { level: 'error', message: 'bad', fields: {} },
    ]);
    assert.deepEqual(rec.messages('error'), ['bad']);
  });
});

describe('shrinkLogFile (-shrinkdebugfile)', () => {
  it('keeps the tail of a file more than 10 % over the limit', () => {
    const file = join(dir, 'big.log');
    writeFileSync(file, 'a'.repeat(50) + 'b'.repeat(100));
    assert.equal(shrinkLogFile(file, 100), true);
    assert.equal(readFileSync(file, 'utf8'), 'b'.repeat(100));
    writeFileSync(file, 'c'.repeat(110));
    assert.equal(shrinkLogFile(file, 100), false);
    assert.equal(statSync(file).size, 110);
    assert.equal(shrinkLogFile(join(dir, 'missing.log'), 100), false);
  });
});
