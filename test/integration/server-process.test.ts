import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, stopServerProcesses } from '../helpers/server.ts';

/** The server as operators start it: its own process, stopped by a signal, started again on the same data. */
describe('the edge server process', () => {
  afterAll(() => stopServerProcesses());

  it('answers, exits 0 on SIGTERM, and after a SIGKILL still starts again on the same data folder', async () => {
    const first = startServerProcess();
    await first.printed('Lotse edge server is running.');
    const info = await fetch(`http://127.0.0.1:${first.port()}/api/v1/info`);
    expect(info.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = startServerProcess({ dataDir: first.dataDir });
    await second.printed('Lotse edge server is running.');
    expect(await second.stop('SIGKILL')).toBeNull();

    const third = startServerProcess({ dataDir: first.dataDir });
    await third.printed('Lotse edge server is running.');
    expect((await fetch(`http://127.0.0.1:${third.port()}/api/v1/info`)).status).toBe(200);
    expect(await third.stop()).toBe(0);
  });
});
