import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { logDestination, requestLogFields } from './log-destination';

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

describe('requestLogFields', () => {
  it('logs a request with its id, method, URL and address, and none of its headers', async () => {
    const lines: string[] = [];
    const log = pinoHttp({
      logger: pino({}, { write: (line: string) => void lines.push(line) }),
      serializers: { req: requestLogFields },
      genReqId: () => 'req-1',
    });
    const server = createServer((req, res) => {
      log(req, res);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/api/things?page=2`, {
        headers: { authorization: 'Bearer secret-token', cookie: 'session=secret-cookie' },
      });
      await until(() => lines.length > 0);
    } finally {
      server.close();
    }
    const line = JSON.parse(lines[0]) as { req: Record<string, unknown> };
    expect(line.req).toEqual({
      id: 'req-1',
      method: 'GET',
      url: '/api/things?page=2',
      remoteAddress: '127.0.0.1',
    });
    expect(lines[0]).not.toContain('secret');
  });
});
