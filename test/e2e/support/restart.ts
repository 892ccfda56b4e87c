import { startLotse, type RunningLotse } from './lotse.ts';

/** Stops the edge server and starts it again on the same port with the same data directory (a power cut, a reboot). */
export async function restartLotse(server: RunningLotse): Promise<RunningLotse> {
  const port = Number(new URL(server.baseUrl).port);
  await server.close();
  return startLotse({ port, dataDir: server.dataDir });
}
