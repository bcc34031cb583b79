import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatApiDate, submissionDay } from '../../src/api/api-date.js';
import { parseDecimalInt32 } from '../../src/api/api-params.js';
import { routePath as routePathOf } from '../../src/api/api-routes.js';

describe('api date format (moment HH:mm:ss L z in UTC)', () => {
  it('formats the spec example and the fixture times', () => {
    assert.equal(formatApiDate(Date.UTC(2019, 10, 27, 0, 39, 9)), '00:39:09 11/27/2019 UTC');
    assert.equal(formatApiDate(1544646641309), '20:30:41 12/12/2018 UTC');
    assert.equal(formatApiDate(1544705938149), '12:58:58 12/13/2018 UTC');
    assert.equal(formatApiDate(0), '00:00:00 01/01/1970 UTC');
  });
  it('the free tier day is M/D/YYYY in UTC', () => {
    assert.equal(submissionDay(Date.UTC(2024, 2, 4, 23, 59, 59)), '3/4/2024');
    assert.equal(submissionDay(Date.UTC(2024, 2, 5, 0, 0, 0)), '3/5/2024');
  });
});

describe('strict position parsing (ADR 0046)', () => {
  it('accepts non-negative int32 decimals only', () => {
    assert.equal(parseDecimalInt32('0'), 0);
    assert.equal(parseDecimalInt32('007'), 7);
    assert.equal(parseDecimalInt32('2147483647'), 2147483647);
    for (const bad of ['', '12abc', ' 12', '12 ', '-3', '+3', '1e5', '0x10', '2147483648', '99999999999', '1.0']) {
      assert.equal(parseDecimalInt32(bad), undefined, bad);
    }
  });
  it('routes only below /api/v1, ignoring one trailing slash and the query', () => {
    assert.deepEqual(routePathOf('/api/v1'), { path: '', query: '' });
    assert.deepEqual(routePathOf('/api/v1/'), { path: '', query: '' });
    assert.deepEqual(routePathOf('/api/v1/commitment/proof/?position=1'), { path: '/commitment/proof', query: 'position=1' });
    assert.equal(routePathOf('/api/v10/x'), undefined);
    assert.equal(routePathOf('/'), undefined);
    assert.equal(routePathOf('//api/v1'), undefined);
  });
});
