// Starts a TypeScript worker thread: worker threads do not inherit the tsx loader the server runs under.
// workerData.entry is the file URL of the .ts module to run.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
