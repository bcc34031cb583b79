import { JsonNumber } from './json-number.js';
import { JsonObject } from './json-object.js';
import type { JsonValue } from './json-value.js';

/** UniValue's escape table: control characters, `"`, `\` and DEL; everything else verbatim. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f]/;

export function jsonEscape(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c === 0x7f) {
      if (c === 0x08) out += '\\b';
      else if (c === 0x09) out += '\\t';
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0c) out += '\\f';
      else if (c === 0x0d) out += '\\r';
      else out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += s[i];
  }
  return out;
}

/**
 * Serialize exactly like UniValue 1.x `write(prettyIndent)` (Bitcoin Core 0.14): compact when
 * `prettyIndent` is 0 (the JSON-RPC form); otherwise one member per line, `prettyIndent` spaces per
 * level, array elements separated by `", "` + newline (the trailing space is UniValue's), and empty
 * containers printed as the bracket, a newline, the closing indent and the closing bracket.
 */
export function writeJson(value: JsonValue, prettyIndent = 0): string {
  return prettyIndent === 0 ? writeCompact(value) : writePretty(value, prettyIndent);
}

/**
 * The compact form by string concatenation (V8 builds a rope and flattens it once), which keeps
 * large replies — a 100k-entry `listunspent` — free of millions of short-lived array slots.
 */
function writeCompact(value: JsonValue): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return '"' + jsonEscape(value) + '"';
  if (value instanceof JsonNumber) return value.raw;
  let out: string;
  if (value instanceof JsonObject) {
    out = '{';
    const entries = value.entries;
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i]!;
      out += (i === 0 ? '"' : ',"') + jsonEscape(k) + '":' + writeCompact(v);
    }
    return out + '}';
  }
  out = '[';
  for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + writeCompact(value[i]!);
  return out + ']';
}

function writePretty(value: JsonValue, prettyIndent: number): string {
  const parts: string[] = [];
  write(value, prettyIndent, 0, parts);
  return parts.join('');
}
function write(value: JsonValue, pretty: number, indentLevel: number, out: string[]): void {
  const level = indentLevel === 0 ? 1 : indentLevel;
  if (value === null) out.push('null');
  else if (value === true) out.push('true');
  else if (value === false) out.push('false');
  else if (typeof value === 'string') out.push('"', jsonEscape(value), '"');
  else if (value instanceof JsonNumber) out.push(value.raw);
  else if (value instanceof JsonObject) {
    out.push('{');
    if (pretty) out.push('\n');
    const n = value.entries.length;
    value.entries.forEach(([k, v], i) => {
      if (pretty) out.push(' '.repeat(pretty * level));
      out.push('"', jsonEscape(k), '":');
      if (pretty) out.push(' ');
      write(v, pretty, level + 1, out);
      if (i !== n - 1) out.push(',');
      if (pretty) out.push('\n');
    });
    if (pretty) out.push(' '.repeat(pretty * (level - 1)));
    out.push('}');
  } else {
    out.push('[');
    if (pretty) out.push('\n');
    const n = value.length;
    value.forEach((v, i) => {
      if (pretty) out.push(' '.repeat(pretty * level));
      write(v, pretty, level + 1, out);
      if (i !== n - 1) {
        out.push(',');
        if (pretty) out.push(' ');
      }
      if (pretty) out.push('\n');
    });
    if (pretty) out.push(' '.repeat(pretty * (level - 1)));
    out.push(']');
  }
}
