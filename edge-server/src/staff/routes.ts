import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError, ErrorBody, LoginInput, StaffRole, StaffSession, type LoginInputT } from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { StaffService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export function staffRoutes(app: FastifyInstance, staff: StaffService, authorize: Authorize) {
  app.post<{ Body: LoginInputT }>('/api/v1/auth/login', {
    schema: { tags: ['auth'], summary: 'Staff sign-in; returns a session token', body: LoginInput, response: { 200: StaffSession, ...errors } },
  }, (request) => staff.login(request.body.username, request.body.password));

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the staff session', response: { 204: Type.Null(), ...errors } },
    preHandler: authorize({ staff: ['clerk', 'admin'] }),
  }, async (request, reply) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token) await staff.logout(token);
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in staff member',
      response: { 200: Type.Object({ username: Type.String(), displayName: Type.String(), role: StaffRole }), ...errors },
    },
    preHandler: authorize({ staff: ['clerk', 'admin'] }),
  }, async (request) => {
    if (!request.staff) throw new DomainError('UNAUTHENTICATED', 'sign in first');
    return { username: request.staff.username, displayName: request.staff.displayName, role: request.staff.role };
  });
}
