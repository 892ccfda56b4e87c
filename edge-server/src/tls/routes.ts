import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, TlsInfo, type TlsInfoT } from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import { caInstallGuides } from './lan.ts';
import type { TlsMaterial } from './ensureTls.ts';

export interface TlsRuntime {
  material: TlsMaterial;
  httpsPort: number;
  /** The plain-HTTP port: it serves /ca.crt (integrity via the fingerprint) and redirects everything else. */
  httpPort: number;
}

/** `GET /ca.crt` (public: tablets download it before they trust anything) and the admin page's HTTPS section. */
export function tlsRoutes(fastify: FastifyInstance, authorize: Authorize, tls: TlsRuntime | undefined) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  if (tls) {
    app.get('/ca.crt', { schema: { hide: true } }, (_request, reply) =>
      reply
        .header('Content-Type', 'application/x-x509-ca-cert')
        .header('Content-Disposition', 'attachment; filename="lotse-ca.crt"')
        .header('Cache-Control', 'no-cache')
        .send(tls.material.ca));
  }

  app.get('/api/v1/tls', {
    schema: { tags: ['tls'], summary: 'HTTPS status, CA fingerprint and install steps (admin)', response: { 200: TlsInfo, 401: ErrorBody, 403: ErrorBody } },
    preHandler: authorize({ staff: ['admin'] }),
  }, (request): TlsInfoT => {
    if (!tls) return { enabled: false, httpsPort: null, caUrl: null, caFingerprintSha256: null, serverNotAfter: null, names: [], guides: [] };
    const host = /^[A-Za-z0-9.-]+$/.test(request.hostname) ? request.hostname : 'localhost';
    const url = `http://${host}:${tls.httpPort}/ca.crt`;
    return {
      enabled: true,
      httpsPort: tls.httpsPort,
      caUrl: url,
      caFingerprintSha256: tls.material.caFingerprintSha256,
      serverNotAfter: tls.material.serverNotAfter,
      names: [...tls.material.san.dns, ...tls.material.san.ips],
      guides: caInstallGuides(url, tls.material.caFingerprintSha256),
    };
  });
}
