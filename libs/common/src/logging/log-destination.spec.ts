import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { logDestination, requestLoggerOptions } from './log-destination';

const until = async (check: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('logDestination', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'log-destination-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each line at once without a buffer', () => {
    const file = join(dir, 'sync.log');
    const destination = logDestination({ bufferBytes: 0, dest: file });
    pino(destination).info('first');
    expect(readFileSync(file, 'utf8')).toContain('"msg":"first"');
  });

  it('keeps lines until the buffer fills or the flush interval passes', async () => {
    const file = join(dir, 'buffered.log');
    const destination = logDestination({ bufferBytes: 4096, flushMs: 50, dest: file });
    await new Promise((r) => destination.once('ready', r));
    const logger = pino(destination);
    logger.info('quiet line');
    expect(readFileSync(file, 'utf8')).toBe('');
    await until(() => readFileSync(file, 'utf8').includes('"msg":"quiet line"'));
    destination.end();
  });

  it('stops flushing once ended: no flush on the closing stream, the last line written', async () => {
    const file = join(dir, 'ended.log');
    const destination = logDestination({ bufferBytes: 4096, flushMs: 1, dest: file });
    await new Promise((r) => destination.once('ready', r));
    pino(destination).info('last line');
    destination.end();
    // Ticks of the 1 ms interval while and after the stream closes (a flush on a destroyed
    // stream throws from the timer, failing this test as an uncaught error).
    await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(file, 'utf8')).toContain('"msg":"last line"');
  });

  it('writes a full buffer without waiting for the interval', async () => {
    const file = join(dir, 'full.log');
    const destination = logDestination({ bufferBytes: 256, flushMs: 60_000, dest: file });
    await new Promise((r) => destination.once('ready', r));
    const logger = pino(destination);
    for (let i = 0; i < 20; i++) logger.info(`line ${i}`);
    await until(() => readFileSync(file, 'utf8').includes('"msg":"line 1"'));
    destination.end();
  });
});

describe("requestLoggerOptions (the API's request logging)", () => {
  /** Requests through pino-http with the API's options; the lines it wrote. */
  async function logged(
    requests: Array<{ path: string; headers?: Record<string, string> }>,
    asMiddie = false,
  ): Promise<Array<Record<string, unknown> & { req: Record<string, unknown> }>> {
    const lines: string[] = [];
    let n = 0;
    const log = pinoHttp(
      { ...requestLoggerOptions('info'), genReqId: () => `req-${++n}` },
      { write: (line: string) => void lines.push(line) },
    );
    const server = createServer((req, res) => {
      if (asMiddie) {
        // What @fastify/middie does before Nest's middleware runs: the mount path is cut off.
        Object.assign(req, { originalUrl: req.url, url: '/' });
      }
      log(req, res);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const r of requests) {
        await fetch(`http://127.0.0.1:${port}${r.path}`, { headers: r.headers });
      }
      const expected = requests.filter((r) => r.path.split('?')[0] !== '/health').length;
      await until(() => lines.length >= expected);
    } finally {
      server.close();
    }
    return lines.map((line) => JSON.parse(line));
  }

  it('logs a request with its id, method, URL and address, its request id, and none of its headers', async () => {
    const [line] = await logged([
      {
        path: '/api/things?page=2',
        headers: { authorization: 'Bearer secret-token', cookie: 'session=secret-cookie' },
      },
    ]);
    expect(line.req).toEqual({
      id: 'req-1',
      method: 'GET',
      url: '/api/things?page=2',
      remoteAddress: '127.0.0.1',
    });
    expect(line.requestId).toBe('req-1');
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('keeps the client chain a proxy reports, and skips /health', async () => {
    const lines = await logged([
      { path: '/health' },
      { path: '/api/x', headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.2' } },
    ]);
    expect(lines.map((l) => l.req.url)).toEqual(['/api/x']);
    expect(lines[0].req.forwardedFor).toBe('203.0.113.7, 10.0.0.2');
  });

  it('skips /health also as Nest runs it, under @fastify/middie (and with a query)', async () => {
    const lines = await logged([{ path: '/health?probe=1' }, { path: '/api/y' }], true);
    expect(lines).toHaveLength(1);
    expect(lines[0].req.id).toBe('req-2');
  });
});
