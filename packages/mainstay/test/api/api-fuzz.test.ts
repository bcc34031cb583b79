import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { http, loadFixtureStore, startApi, type HttpResult, type RunningApi } from './support/api-fixture.js';

const ROUTES = [
  '',
  '/latestattestation',
  '/latestcommitment',
  '/commitment',
  '/commitment/latestproof',
  '/commitment/verify',
  '/commitment/proof',
  '/attestation/proof',
  '/commitment/commitment',
  '/merkleroot',
  '/position',
  '/attestation',
  '/blockhash',
  '/clients',
  '/commitment/send',
  '/commitment/add',
  '/feerate',
];
const PARAMS = ['position', 'merkle_root', 'txid', 'hash', 'commitment', 'page', 'token', 'x'];
const SAMPLE_ROOT = '394d281d269493b82820befa7278baa0a836b8af42341c48c9a86681dfceeccd';

const paramValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer({ min: -5, max: 40 }).map(String),
  fc.constantFrom('', '0', '3', '2147483647', '2147483648', '1e3', '0x1', SAMPLE_ROOT, SAMPLE_ROOT.toUpperCase(), `${SAMPLE_ROOT}0`),
  fc.stringMatching(/^[0-9a-fA-F]{60,68}$/),
);

const target = fc
  .tuple(
    fc.oneof(fc.constantFrom(...ROUTES).map((r) => `/api/v1${r}`), fc.array(fc.string(), { maxLength: 4 }).map((segs) => `/${segs.map(encodeURIComponent).join('/')}`)),
    fc.array(fc.tuple(fc.constantFrom(...PARAMS), paramValue), { maxLength: 5 }),
    fc.constantFrom('', '/', '?', '#', ';x', '%zz', '%00'),
  )
  .map(([path, params, tail]) => {
    const q = new URLSearchParams(params).toString();
    return `${path}${tail}${q === '' ? '' : `${tail.includes('?') ? '&' : '?'}${q}`}`;
  });

const payloadObject = fc.dictionary(
  fc.constantFrom('commitment', 'position', 'token', 'X-MAINSTAY-SIGNATURE', 'other'),
  fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), paramValue, fc.array(fc.integer(), { maxLength: 2 })),
);
const body = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  payloadObject.map((o) => JSON.stringify(o)),
  fc.tuple(payloadObject, fc.oneof(fc.string(), fc.base64String())).map(([o, sig]) =>
    JSON.stringify({ 'X-MAINSTAY-PAYLOAD': Buffer.from(JSON.stringify(o)).toString('base64'), 'X-MAINSTAY-SIGNATURE': sig }),
  ),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

function checkReply(method: string, r: HttpResult): void {
  assert.ok([200, 404, 405].includes(r.status), `status ${r.status}: ${r.text}`);
  if (method === 'HEAD') return;
  const parsed: unknown = JSON.parse(r.text);
  assert.ok(typeof parsed === 'object' && parsed !== null, r.text);
  if (Array.isArray(parsed)) return; // /clients
  const keys = Object.keys(parsed);
  const ok =
    keys.join(',') === 'response,timestamp,allowance' ||
    keys.join(',') === 'error,timestamp,allowance' ||
    keys.join(',') === 'position,data,total,pages,limit,client_name';
  assert.ok(ok, r.text);
}

describe('REST API fuzz: never a 500, never a dropped connection', () => {
  let api: RunningApi;
  before(async () => {
    api = await startApi(await loadFixtureStore());
  });
  after(() => api.close());

  it('random targets, methods and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD'), target, body, async (method, path, b) => {
        const r = await http(api, method, path, method === 'GET' || method === 'HEAD' ? undefined : b);
        checkReply(method, r);
      }),
      { numRuns: 400 },
    );
    assert.equal(api.logger.messages('error').length, 0, api.logger.messages('error').join('\n'));
  });

  it('random commitment/send bodies with and without Content-Type', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (b, json) => {
        const r = await http(api, 'POST', '/api/v1/commitment/send', b, json ? { 'Content-Type': 'application/json' } : {});
        checkReply('POST', r);
        assert.ok('error' in r.json() || r.json()['response'] === 'Commitment added', r.text);
      }),
      { numRuns: 300 },
    );
    assert.equal(api.logger.messages('error').length, 0, api.logger.messages('error').join('\n'));
  });
});
