/**
 * A conf.json problem. `section`/`key` name the value ('' for the top level); the message says
 * what is wrong and where, e.g. `conf.json: main.rpcuser is missing`.
 */
export class ConfigError extends Error {
  constructor(
    readonly section: string,
    readonly key: string,
    detail: string,
  ) {
    super(`conf.json: ${section === '' ? key : key === '' ? `section "${section}"` : `${section}.${key}`} ${detail}`);
    this.name = 'ConfigError';
  }
}
