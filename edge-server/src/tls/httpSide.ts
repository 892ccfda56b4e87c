import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { isLoopback } from '../http/auth.ts';

export interface HttpSideOptions {
  /** Fastify's request handler (the same one the HTTPS server runs). */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Socket.IO's engine, for polling requests and websocket upgrades from this machine. */
  engine: { handleRequest(req: IncomingMessage, res: ServerResponse): void; handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void };
  httpsPort: number;
  /** The CA certificate (public): offered over plain HTTP so a tablet can fetch it before it trusts anything. */
  caPem: () => string;
  /**
   * Where redirects may point: the names in the server certificate. A `Host` header naming anything else is not
   * copied into `Location` (that would let a crafted link bounce a tablet to a foreign site); `fallback` is used.
   */
  redirect: { names: () => readonly string[]; fallback: string };
  socketPath?: string;
}

const HOST_RE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/;

/** The host part of a Host header, lower case, without port or IPv6 brackets; undefined when malformed. */
function hostOf(header: string | undefined): string | undefined {
  if (!header || !HOST_RE.test(header)) return undefined;
  const host = header.toLowerCase().replace(/:\d{1,5}$/, '');
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

export function redirectHost(header: string | undefined, redirect: HttpSideOptions['redirect']): string {
  const host = hostOf(header);
  const known = host !== undefined && redirect.names().some((n) => n.toLowerCase() === host);
  const chosen = known ? host : redirect.fallback;
  return chosen.includes(':') ? `[${chosen}]` : chosen;
}

/**
 * The plain-HTTP port when HTTPS is on: requests from this machine (localhost, 127.0.0.1, ::1) are served as
 * before, so `npm start` on a dev box and local tests keep working; `/ca.crt` is served to everyone; everything
 * else is redirected to HTTPS (308 keeps the method), websocket upgrades from elsewhere are refused.
 */
export function createHttpSide(opts: HttpSideOptions): http.Server {
  const socketPath = opts.socketPath ?? '/socket.io/';
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (isLoopback(req.socket.remoteAddress ?? '')) {
      if (url.startsWith(socketPath)) return opts.engine.handleRequest(req, res);
      return opts.handler(req, res);
    }
    if (req.method === 'GET' && (url === '/ca.crt' || url.startsWith('/ca.crt?'))) {
      res.writeHead(200, {
        'Content-Type': 'application/x-x509-ca-cert',
        'Content-Disposition': 'attachment; filename="lotse-ca.crt"',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      return res.end(opts.caPem());
    }
    const host = redirectHost(req.headers.host, opts.redirect);
    const target = `https://${host}${opts.httpsPort === 443 ? '' : `:${opts.httpsPort}`}${url.startsWith('/') ? url : '/'}`;
    res.writeHead(308, { Location: target, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`Lotse runs on HTTPS: ${target}\n`);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (isLoopback(req.socket.remoteAddress ?? '') && (req.url ?? '').startsWith(socketPath)) return opts.engine.handleUpgrade(req, socket, head);
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
  });
  return server;
}

/**
 * One port, both protocols: a TLS ClientHello (first byte 0x16) goes to the HTTPS server, anything else to the
 * plain side. HSTS makes a browser turn http://name:8080 into https://name:8080, so this port must answer TLS too.
 */
export function dualProtocolPort(plain: http.Server, secure: net.Server): net.Server {
  return net.createServer({ pauseOnConnect: true }, (socket) => {
    socket.once('error', () => socket.destroy());
    // Until the first byte no server owns the socket, so none of their timeouts apply yet.
    const idle = setTimeout(() => socket.destroy(), 30_000);
    socket.once('close', () => clearTimeout(idle));
    socket.once('data', (head: Buffer) => {
      clearTimeout(idle);
      socket.pause();
      socket.unshift(head);
      (head[0] === 0x16 ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.resume();
  });
}
