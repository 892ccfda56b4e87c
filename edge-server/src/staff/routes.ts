import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ChangePasswordInput,
  CreateStaffInput,
  DomainError,
  ErrorBody,
  LoginInput,
  OneTimePassword,
  StaffAccount,
  StaffIdParams,
  StaffRole,
  StaffSession,
  UnlockInput,
} from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { Staff, StaffService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 423: ErrorBody };

function signedIn(request: FastifyRequest): Staff {
  if (!request.staff) throw new DomainError('UNAUTHENTICATED', 'sign in first');
  return request.staff;
}

export function staffRoutes(fastify: FastifyInstance, staff: StaffService, authorize: Authorize) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const anyStaff = authorize({ staff: ['clerk', 'admin'] });
  const admin = authorize({ staff: ['admin'] });

  app.post('/api/v1/auth/login', {
    schema: { tags: ['auth'], summary: 'Staff sign-in; returns a session token (5 wrong passwords lock the account for 15 minutes)', body: LoginInput, response: { 200: StaffSession, ...errors } },
  }, (request) => staff.login(request.body.username, request.body.password));

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the staff session', response: { 204: Type.Null(), ...errors } },
    preHandler: authorize({ staff: ['clerk', 'admin'], allowMustChange: true }),
  }, async (request, reply) => {
    await staff.logout(signedIn(request));
    return reply.status(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in staff member',
      response: { 200: Type.Object({ username: Type.String(), displayName: Type.String(), role: StaffRole }), ...errors },
    },
    preHandler: anyStaff,
  }, async (request) => {
    const me = signedIn(request);
    return { username: me.username, displayName: me.displayName, role: me.role };
  });

  app.post('/api/v1/auth/password', {
    schema: {
      tags: ['auth'],
      summary: 'Change the own password (required after a one-time password); ends every session and returns a new one',
      body: ChangePasswordInput,
      response: { 200: StaffSession, ...errors },
    },
    preHandler: authorize({ staff: ['clerk', 'admin'], allowMustChange: true }),
  }, (request) => staff.changePassword(signedIn(request), request.body.currentPassword, request.body.newPassword));

  app.post('/api/v1/auth/unlock', {
    schema: { tags: ['auth'], summary: 'Unlock the idle screen lock with the password (the session stays)', body: UnlockInput, response: { 204: Type.Null(), ...errors } },
    preHandler: anyStaff,
  }, async (request, reply) => {
    await staff.unlock(signedIn(request), request.body.password);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/staff', {
    schema: { tags: ['staff'], summary: 'Staff accounts (admin)', response: { 200: Type.Array(StaffAccount), ...errors } },
    preHandler: admin,
  }, () => staff.list());

  app.post('/api/v1/staff', {
    schema: { tags: ['staff'], summary: 'Create an account with a one-time password (admin)', body: CreateStaffInput, response: { 201: OneTimePassword, ...errors } },
    preHandler: admin,
  }, async (request, reply) => reply.status(201).send(await staff.createAccount(request.body, signedIn(request))));

  app.post('/api/v1/staff/:id/reset-password', {
    schema: { tags: ['staff'], summary: 'New one-time password, sessions ended, lock cleared (admin)', params: StaffIdParams, response: { 200: OneTimePassword, ...errors } },
    preHandler: admin,
  }, (request) => staff.resetPassword(request.params.id, signedIn(request)));

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/api/v1/staff/:id/${action}`, {
      schema: { tags: ['staff'], summary: `${disabled ? 'Disable' : 'Enable'} an account (admin)`, params: StaffIdParams, response: { 200: StaffAccount, ...errors } },
      preHandler: admin,
    }, (request) => staff.setDisabled(request.params.id, disabled, signedIn(request)));
  }
}
