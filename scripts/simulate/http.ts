/** A small JSON client for the API with bounded concurrency and progress on stderr. */
export class Api {
  constructor(readonly base: string) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).catch((error: Error & { cause?: Error }) => {
        throw new Error(
          `${method} ${path}: ${error.message} (${error.cause?.message ?? 'no cause'})`,
        );
      });
      const text = await res.text();
      if (res.status === 429 && attempt < 5) {
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
      return (text ? JSON.parse(text) : {}) as T;
    }
  }

  get = <T>(path: string, token?: string) => this.call<T>('GET', path, token);
  post = <T>(path: string, token?: string, body: unknown = {}) =>
    this.call<T>('POST', path, token, body);
  put = <T>(path: string, token?: string, body: unknown = {}) =>
    this.call<T>('PUT', path, token, body);
}

export function progress(label: string, total: number): (n?: number) => void {
  let done = 0;
  let last = 0;
  const started = Date.now();
  return (n = 1) => {
    done += n;
    const now = Date.now();
    if (now - last > 2000 || done === total) {
      last = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      process.stderr.write(`[simulate] ${label}: ${done}/${total} (${rate.toFixed(0)}/s)\n`);
    }
  };
}

/** Runs `work` over items with at most `concurrency` in flight. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  label: string,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const tick = progress(label, items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
      tick();
    }
  });
  await Promise.all(runners);
  return out;
}
