import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

/**
 * A real, throw-away PostgreSQL server for tests: `initdb` into a temp dir, `pg_ctl start` on an
 * ephemeral loopback port (socket in the temp dir), trust auth for user `postgres`. `stop()`
 * shuts it down and deletes the dir; a process exit hook does the same if a test forgot or crashed.
 *
 * initdb refuses to run as root, so as root the server binaries run as the `postgres` user
 * (`runuser -u postgres --`, Debian's package creates the user) and the temp dir is chowned to it.
 * If PostgreSQL is not installed, `start()` FAILS (it does not skip): CI installs `postgresql`.
 */
export class PostgresServer {
  readonly host = '127.0.0.1';
  readonly user = 'postgres';
  private running = true;
  private dbCounter = 0;

  private constructor(
    private readonly bin: string,
    private readonly runAs: { uid: number; gid: number } | undefined,
    readonly dir: string,
    private port_: number,
  ) {}

  get port(): number {
    return this.port_;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  static async start(): Promise<PostgresServer> {
    const bin = findPostgresBin();
    const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'mainstay-pg-'));
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    const server = new PostgresServer(bin, runAs, dir, 0);
    live.add(server);
    try {
      await server.run('initdb', ['-D', server.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '-N']);
      await server.startServer();
      return server;
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  /** Connection settings for `database` (default: the maintenance database `postgres`). */
  connection(database = 'postgres'): { host: string; port: number; user: string; password: string; database: string } {
    return { host: this.host, port: this.port, user: this.user, password: '', database };
  }

  /** Create a fresh, empty database and return its name. */
  async createDatabase(prefix = 'mainstay_test'): Promise<string> {
    const name = `${prefix}_${++this.dbCounter}`;
    await this.admin(`CREATE DATABASE ${name}`);
    return name;
  }

  async dropDatabase(name: string): Promise<void> {
    if (this.running) await this.admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  /** Run one statement in the maintenance database. */
  async admin(sql: string, database = 'postgres'): Promise<pg.QueryResult> {
    const client = new pg.Client(this.connection(database));
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  /** Stop (fast shutdown) and start again on the same port: data must survive. */
  async restart(): Promise<void> {
    await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    await this.run('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-o', this.serverOptions(), 'start']);
  }

  /** Stop the server (if running) and delete its directory. Idempotent. */
  async stop(): Promise<void> {
    if (!live.has(this)) return;
    live.delete(this);
    if (this.running && existsSync(join(this.dataDir, 'postmaster.pid'))) {
      await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']).catch(() => killNow(this.dataDir));
    }
    this.running = false;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous emergency stop for the exit hook. */
  killSync(): void {
    killNow(this.dataDir);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private serverOptions(): string {
    // fsync off: a test server need not survive power loss; a fast shutdown still writes everything.
    return `-h ${this.host} -p ${this.port} -k ${this.dir} -c fsync=off -c full_page_writes=off -c max_connections=60`;
  }

  private async startServer(): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port_ = await freePort();
      try {
        await this.run('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-o', this.serverOptions(), 'start']);
        return;
      } catch (e) {
        lastError = e; // most likely the port was taken meanwhile: try another
      }
    }
    throw lastError;
  }

  private run(tool: string, args: string[]): Promise<void> {
    const exe = join(this.bin, tool);
    const [cmd, argv] = this.runAs ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, argv, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code === 0) return resolve();
        let log = '';
        try {
          log = readFileSync(join(this.dir, 'server.log'), 'utf8').slice(-2000);
        } catch {
          // no log yet
        }
        reject(new Error(`${tool} ${args.join(' ')} exited with ${code}:\n${out}${log ? `\nserver.log:\n${log}` : ''}`));
      });
    });
  }
}

const live = new Set<PostgresServer>();
process.on('exit', () => {
  for (const s of live) s.killSync();
});

function killNow(dataDir: string): void {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT'); // immediate shutdown, backends follow
  } catch {
    // not running
  }
}

/** The directory holding initdb/pg_ctl/postgres: first on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(): string {
  const tools = ['initdb', 'pg_ctl', 'postgres'];
  const has = (dir: string): boolean => tools.every((t) => existsSync(join(dir, t)));
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) if (dir && has(dir)) return dir;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => statSync(join(root, v)).isDirectory() && has(join(root, v, 'bin')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  throw new Error(
    'PostgreSQL is not installed: initdb, pg_ctl and postgres were not found on PATH or in /usr/lib/postgresql/*/bin. ' +
      'The PostgreSQL store tests need a real server: install it (Debian: apt-get install postgresql).',
  );
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as (initdb refuses root)');
  const [, , uid, gid] = line.split(':');
  if (spawnSync('runuser', ['--help'], { stdio: 'ignore' }).error) throw new Error('running as root, but `runuser` is not available');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
