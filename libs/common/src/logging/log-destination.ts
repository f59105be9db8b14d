import pino from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';

/** pino's own destination (sonic-boom): a stream that can also be flushed and ended. */
export type LogDestination = ReturnType<typeof pino.destination>;

/** What shapes where log lines go: the process's stdout, synchronously or in batches. */
export interface LogDestinationOptions {
  /**
   * 0: every line is written at once (one write system call per line). More: lines are kept
   * until this many bytes wait, then written together without blocking.
   */
  bufferBytes: number;
  /** With a buffer: how often what waits is written anyway, so a quiet service's lines show. */
  flushMs?: number;
  /** A file descriptor or path; standard output unless told. */
  dest?: number | string;
}

/**
 * Standard output for pino, as the API and the worker log. With a buffer, a busy API writes
 * one line in every ten or so requests instead of one per request (a write system call cost
 * ~8 % of the API's CPU in the intake benchmark). pino writes what waits when the process
 * exits, also after an uncaught error; only a hard kill (SIGKILL, out of memory) loses the
 * lines of the last `flushMs` at most.
 */
export function logDestination({
  bufferBytes,
  flushMs = 1000,
  dest = 1,
}: LogDestinationOptions): LogDestination {
  if (bufferBytes <= 0) return pino.destination({ dest, sync: true });
  const destination = pino.destination({ dest, sync: false, minLength: bufferBytes });
  // Not once the stream is being closed: flush() throws on a destroyed stream, and end()
  // writes what is left by itself.
  const timer = setInterval(() => {
    if (!(destination as unknown as { destroyed: boolean }).destroyed) destination.flush();
  }, flushMs).unref();
  destination.on('finish', () => clearInterval(timer));
  destination.on('close', () => clearInterval(timer));
  return destination;
}

/** A request as pino-std-serializers describes it (the part a request log line keeps). */
interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The fields of a request that its log line carries: id, method, URL, the socket's address
 * and, behind a proxy, the client chain it reports (x-forwarded-for). No other request header
 * is logged (authorization, cookies).
 */
export function requestLogFields(req: SerializedRequest): Record<string, unknown> {
  const forwardedFor = req.headers?.['x-forwarded-for'];
  return {
    id: req.id,
    method: req.method,
    url: req.url,
    remoteAddress: req.remoteAddress,
    ...(forwardedFor ? { forwardedFor } : {}),
  };
}

/**
 * The API's request logging (pino-http through nestjs-pino): one line per answered request
 * (not for /health), each with its request id (Fastify's, from x-request-id or a new UUID)
 * and the request as requestLogFields describes it; no redaction pass is needed since no
 * secret header is serialized.
 */
export function requestLoggerOptions(level: string): HttpLoggerOptions {
  return {
    level,
    customProps: (req) => ({ requestId: (req as { id?: string }).id }),
    serializers: { req: requestLogFields },
    // Nest's middleware runs under @fastify/middie, which hands it req.url without the path
    // the middleware was mounted on; originalUrl is the request's own.
    autoLogging: {
      ignore: (req) =>
        ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0] ===
        '/health',
    },
  };
}
