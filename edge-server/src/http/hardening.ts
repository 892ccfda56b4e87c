import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { isAuthorizeHook, isLoopback, type Access } from './auth.ts';

/** Per-route request limits (ASVS 2.2.1, 11.1.4). Keys: client IP, or the device for device routes. */
export interface RateLimits {
  signInPerMinute: number;
  pairingPerMinute: number;
  ticketsPerMinute: number;
  /** Requests from the server's own machine (console, tests, benchmarks) are not limited. Set false behind a reverse proxy. */
  exemptLoopback: boolean;
}
export const DEFAULT_RATE_LIMITS: RateLimits = { signInPerMinute: 20, pairingPerMinute: 10, ticketsPerMinute: 60, exemptLoopback: true };

export interface RouteAccess {
  method: string;
  url: string;
  /** 'public' when the route has no authorization hook. */
  access: Access | 'public';
}

export interface HardeningOptions {
  rateLimits?: Partial<RateLimits>;
  /** HSTS whenever HTTPS is on; the plain port also answers TLS (tls/httpSide.ts), so the browser's upgrade lands. */
  hsts?: boolean;
}

const LIMITED: Record<string, keyof Omit<RateLimits, 'exemptLoopback'>> = {
  'POST /api/v1/auth/login': 'signInPerMinute',
  'POST /api/v1/auth/password': 'signInPerMinute',
  'POST /api/v1/auth/unlock': 'signInPerMinute',
  'POST /api/v1/devices/pair': 'pairingPerMinute',
  'POST /api/v1/devices/dev-pair': 'pairingPerMinute',
  'POST /api/v1/tickets': 'ticketsPerMinute',
};

const HOST_RE = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/** The page's own host for ws:/wss: in connect-src ('self' covers them in current browsers, older Safari needs them). */
function socketSources(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return HOST_RE.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * Helmet (strict CSP, security headers on API and static apps), rate limits on sign-in, pairing and ticket
 * creation, and the route table: every route's authorization hook is moved to `onRequest`, so a caller without
 * the right role is refused before its body is even parsed, and the access of every route is recorded.
 * Must be installed before any route is declared.
 */
export async function installHardening(app: FastifyInstance, opts: HardeningOptions = {}): Promise<RouteAccess[]> {
  const limits = { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits };
  const table: RouteAccess[] = [];

  // Runs before the rate-limit plugin's own onRoute hook (registered below), so the config it sets is seen.
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pre = route.preHandler;
    const hooks = Array.isArray(pre) ? pre : pre ? [pre] : [];
    const auth = hooks.find(isAuthorizeHook);
    if (auth) {
      route.preHandler = hooks.filter((h) => h !== auth);
      const on = route.onRequest;
      route.onRequest = [auth, ...(Array.isArray(on) ? on : on ? [on] : [])];
    }
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, access: auth ? auth.access : 'public' });
      const limit = LIMITED[`${method} ${route.url}`];
      if (limit) {
        route.config = {
          ...route.config,
          rateLimit: {
            max: limits[limit],
            timeWindow: 60_000,
            hook: 'preHandler',
            keyGenerator: (req: FastifyRequest) => (req.device ? `device:${req.device.id}` : req.ip),
            allowList: (req: FastifyRequest) => limits.exemptLoopback && isLoopback(req.socket.remoteAddress ?? ''),
          },
        };
      }
    }
  });

  app.addHook('onRequest', async (_request, reply) => {
    // Microphone (counter, citizen screen) and camera (kiosk QR reader) for this origin only; nothing else.
    reply.header('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()');
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // 'wasm-unsafe-eval' lets the counter compile the speech detector's WebAssembly (Silero VAD); no JS eval.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", (req) => socketSources(req)],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: opts.hsts ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  return table;
}
