// A minimal JSON-RPC client on one HTTP keep-alive connection, and a bare `node:http` server in a
// child process answering every POST like a JSON-RPC server would (the floor for RPC latency).
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';

export class BenchRpcClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly auth = `Basic ${Buffer.from('u:p').toString('base64')}`;

  constructor(private readonly port: number) {}

  /** Raw reply body of one call. */
  post(body: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: { 'Content-Type': 'application/json', Authorization: this.auth, 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async call(method: string, params: readonly unknown[] = []): Promise<unknown> {
    const text = await this.post(JSON.stringify({ jsonrpc: '1.0', id: 1, method, params }));
    const reply = JSON.parse(text) as { result: unknown; error: { code: number; message: string } | null };
    if (reply.error) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.result;
  }

  close(): void {
    this.agent.destroy();
  }
}

const ECHO_SERVER = `
const http = require('node:http');
const body = '{"result":1,"error":null,"id":1}\\n';
const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** The echo server in its own process (like oceand); ends when `stop()` closes its stdin. */
export async function startEchoServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const proc: ChildProcess = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    proc.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
  });
  return {
    port,
    stop: async () => {
      proc.stdin!.end();
      await exited;
    },
  };
}
