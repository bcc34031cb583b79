import { KNOWN_OPTIONS, OPTION_CATEGORY_TITLES, type KnownOption, type OptionCategory } from '@ocean-ts/core';

const WIDTH = 79;
const INDENT = '       ';

export interface HelpTextOptions {
  /** Include the `debugOnly` options (`-help-debug`). */
  readonly showDebug?: boolean;
  readonly version: string;
}

/** First line of `-help` and `-version`. */
export function versionLine(version: string): string {
  return `Ocean Core Daemon version v${version}`;
}

/** `-version`: the version and a short licence note. */
export function versionText(version: string): string {
  return `${versionLine(version)}\n\nocean-ts, a TypeScript implementation of the Ocean sidechain node.\nDistributed under the MIT software license.\n`;
}

/**
 * `-help` / `-?` / `-h`: every documented option grouped by category, in our own words. Unlike
 * the original (which aborts because it reads the chain's terms files before a chain is chosen),
 * this needs nothing but the option table.
 */
export function helpText(options: HelpTextOptions): string {
  const out: string[] = [
    versionLine(options.version),
    '',
    'Usage:',
    '  oceand [options]       Start the Ocean node',
    '',
    'Give options on the command line (-name=value; -noname means -name=0) or as',
    'name=value lines in ocean.conf. The command line wins; repeatable options',
    'collect the values of both.',
    '',
  ];
  const byCategory = new Map<OptionCategory, KnownOption[]>();
  for (const o of KNOWN_OPTIONS) {
    if (o.hidden || (o.debugOnly && !options.showDebug)) continue;
    const list = byCategory.get(o.category) ?? [];
    list.push(o);
    byCategory.set(o.category, list);
  }
  for (const category of Object.keys(OPTION_CATEGORY_TITLES) as OptionCategory[]) {
    const list = byCategory.get(category);
    if (!list) continue;
    out.push(`${OPTION_CATEGORY_TITLES[category]}:`, '');
    for (const o of list) {
      out.push(`  -${o.name}${o.arg ? `=${o.arg}` : ''}`);
      const text = o.default === undefined ? o.help : `${o.help} (default: ${o.default})`;
      out.push(...wrap(text + (o.multi ? ' Repeatable.' : '').replace(/Repeatable\. Repeatable\./, 'Repeatable.'), WIDTH - INDENT.length).map((l) => INDENT + l), '');
    }
  }
  if (!options.showDebug) out.push('Use -help -help-debug to list the debugging and testing options too.', '');
  return out.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
