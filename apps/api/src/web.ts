import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The first-level paths of the web app's client-side routes (apps/web/src/App.tsx): a browser
 * that opens or reloads one of them gets index.html and the app routes from there. Everything
 * else (/api, /docs, /health) stays with Nest.
 */
export const WEB_APP_PATHS = [
  'login',
  'register',
  'inbox',
  'applicant',
  'supplier',
  'evaluator',
  'officer',
];

/** dist/web of the checkout, found from this file whether it runs compiled (dist/apps/…) or not. */
export function defaultWebDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, 'dist', 'web');
}

/**
 * Serves the built web app from the same origin as the API. Returns false (and serves nothing)
 * when the app has not been built, so the API alone still works.
 */
export async function serveWebApp(app: NestFastifyApplication, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // Routes for the files that exist now, not a catch-all that would answer unknown /api paths.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      // Vite puts a content hash in every asset name: they never change under the same name.
      const hashed = path.includes(join('web', 'assets'));
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  fastify.get('/', sendIndex);
  for (const path of WEB_APP_PATHS) {
    fastify.get(`/${path}`, sendIndex);
    fastify.get(`/${path}/*`, sendIndex);
  }
  return true;
}
