export * from './api.ts';
export * from './device.ts';
export * from './connection.ts';
