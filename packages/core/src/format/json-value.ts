import type { JsonNumber } from './json-number.js';
import type { JsonObject } from './json-object.js';

/**
 * The value model of UniValue: null, bool, string, number (kept as its text token), array and
 * object (ordered, duplicate keys allowed — as UniValue's `push_back(Pair(…))`).
 */
export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | JsonObject;
