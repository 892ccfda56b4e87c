import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isLoopback } from '../http/auth.ts';

export interface HttpSideOptions {
  /** Fastify's request handler (the same one the HTTPS server runs). */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Socket.IO's engine, for polling requests and websocket upgrades from this machine. */
  engine: { handleRequest(req: IncomingMessage, res: ServerResponse): void; handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void };
  httpsPort: number;
  /** The CA certificate (public): offered over plain HTTP so a tablet can fetch it before it trusts anything. */
  caPem: string;
  socketPath?: string;
}

const HOST_RE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/;

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
      return res.end(opts.caPem);
    }
    const hostHeader = req.headers.host ?? '';
    const host = HOST_RE.test(hostHeader) ? hostHeader.replace(/:\d+$/, '') : 'localhost';
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
