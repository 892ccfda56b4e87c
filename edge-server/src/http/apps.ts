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
      setHeaders(res, file) {
        // The service worker and the HTML must be revalidated so that a new version reaches every kiosk.
        if (file.endsWith('sw.js') || file.endsWith('.html') || file.endsWith('.webmanifest')) res.setHeader('Cache-Control', 'no-cache');
        else if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
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

/** For the not-found handler: answers a page request inside an app with that app's shell. */
export function appShellFor(mounts: AppMount[], request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET' || !(request.headers.accept ?? '').includes('text/html')) return false;
  const mount = mounts.find((m) => request.url.startsWith(m.prefix));
  if (!mount) return false;
  void reply.header('Cache-Control', 'no-cache').sendFile('index.html', mount.root);
  return true;
}
