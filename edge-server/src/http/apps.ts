import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export interface AppMount {
  prefix: string;
  root: string;
}

/** The built PWAs under their prefixes; unknown paths inside a prefix get its index.html (client routing). */
export async function serveApps(app: FastifyInstance, appsDir: string): Promise<AppMount[]> {
  const mounts: AppMount[] = [
    { prefix: '/kiosk/', root: path.join(appsDir, 'kiosk-app', 'dist') },
    { prefix: '/counter/', root: path.join(appsDir, 'counter-app', 'dist') },
  ].filter((m) => fs.existsSync(path.join(m.root, 'index.html')));

  for (const [i, mount] of mounts.entries()) {
    await app.register(fastifyStatic, {
      root: mount.root,
      prefix: mount.prefix,
      decorateReply: i === 0,
      index: ['index.html'],
      // `<file>.br` / `<file>.gz` from the build step (precompress.ts), chosen by the request's Accept-Encoding.
      preCompressed: true,
      // Ours below; the plugin's own `public, max-age=0` would overwrite it.
      cacheControl: false,
      setHeaders(res, file) {
        res.setHeader('Cache-Control', cacheControlFor(path.relative(mount.root, file)));
        res.setHeader('Vary', 'Accept-Encoding');
      },
    });
  }
  app.get('/', (_req, reply) => reply.redirect('/kiosk/'));
  app.get('/display', (_req, reply) => reply.redirect('/kiosk/display'));
  app.get('/kiosk', (_req, reply) => reply.redirect('/kiosk/'));
  app.get('/counter', (_req, reply) => reply.redirect('/counter/'));
  app.get('/admin', (_req, reply) => reply.redirect('/counter/admin'));
  return mounts;
}

/**
 * `assets/` holds only files whose names carry a content hash (Vite): cached for a year, never revalidated. The
 * HTML, the service worker and the manifest are revalidated on every load, so a new version reaches every kiosk.
 * Everything else (icons, pictograms, the chime, the counter's `vad/` files, which keep their upstream names) is
 * revalidated too (a cheap 304).
 */
export function cacheControlFor(relativeFile: string): string {
  const file = relativeFile.split(path.sep).join('/').replace(/\.(?:br|gz)$/, '');
  if (file.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/** For the not-found handler: answers a page request inside an app with that app's shell. */
export function appShellFor(mounts: AppMount[], request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET' || !(request.headers.accept ?? '').includes('text/html')) return false;
  const mount = mounts.find((m) => request.url.startsWith(m.prefix));
  if (!mount) return false;
  void reply.header('Cache-Control', 'no-cache').sendFile('index.html', mount.root);
  return true;
}
