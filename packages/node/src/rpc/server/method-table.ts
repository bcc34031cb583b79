import type { RpcMethod } from './rpc-method.js';

/**
 * The registry of RPC commands (Core's `CRPCTable`): lookup by exact name, and the `help` text.
 */
export class MethodTable {
  readonly #methods = new Map<string, RpcMethod>();

  /** Add a command; a name can be registered only once. */
  register(method: RpcMethod): this {
    if (this.#methods.has(method.name)) throw new Error(`RPC method ${method.name} is already registered`);
    if (method.minArgs !== undefined && method.maxArgs !== undefined && method.minArgs > method.maxArgs) {
      throw new Error(`RPC method ${method.name}: minArgs exceeds maxArgs`);
    }
    this.#methods.set(method.name, method);
    return this;
  }

  registerAll(methods: Iterable<RpcMethod>): this {
    for (const m of methods) this.register(m);
    return this;
  }

  get(name: string): RpcMethod | undefined {
    return this.#methods.get(name);
  }

  has(name: string): boolean {
    return this.#methods.has(name);
  }

  /** Every command, in Core's help order: sorted by the string `category + name`. */
  list(): RpcMethod[] {
    const keyOf = (m: RpcMethod): string => m.category + m.name;
    return [...this.#methods.values()].sort((a, b) => {
      const ka = keyOf(a);
      const kb = keyOf(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  /**
   * Core's `CRPCTable::help`. With an empty `command`: the first line of every non-hidden command,
   * under `== Category ==` headings (a blank line between groups). With a command name: its whole
   * usage text (hidden commands included). Unknown → `help: unknown command: <name>`. The final
   * newline is dropped.
   */
  help(command: string): string {
    let out = '';
    let category = '';
    for (const m of this.list()) {
      if ((command !== '' || m.category === 'hidden') && m.name !== command) continue;
      let text = m.help;
      if (command === '') {
        const nl = text.indexOf('\n');
        if (nl >= 0) text = text.slice(0, nl);
        if (category !== m.category) {
          if (category !== '') out += '\n';
          category = m.category;
          out += `== ${category.slice(0, 1).toUpperCase()}${category.slice(1)} ==\n`;
        }
      }
      out += text + '\n';
    }
    if (out === '') out = `help: unknown command: ${command}\n`;
    return out.slice(0, -1);
  }
}
