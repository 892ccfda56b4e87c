import net from 'node:net';

export interface PrinterAddress {
  host: string;
  port: number;
}

/** `192.168.1.50:9100`, `drucker.local` (port 9100) or `[fd00::5]:9100`; undefined when malformed. */
export function parsePrinterAddress(text: string | undefined): PrinterAddress | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(value);
  if (!m) return undefined;
  const port = m[3] === undefined ? 9100 : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: m[1] ?? m[2], port };
}

export function formatPrinterAddress(a: PrinterAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/**
 * Sends raw bytes to a printer's port 9100 ("JetDirect"/RAW): connect, write, close. The whole exchange must
 * finish within `timeoutMs`, otherwise the connection is destroyed and the promise rejects with a plain reason.
 */
export function sendRaw(to: PrinterAddress, bytes: Buffer, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: to.host, port: to.port });
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once('connect', () => socket.end(bytes));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(new Error(err.code === 'ECONNREFUSED' ? 'connection refused' : err.code ?? err.message)));
    socket.once('close', (hadError) => {
      if (!hadError) finish();
    });
    // A printer that never closes its side: once everything is flushed, the job is delivered.
    socket.once('finish', () => socket.destroySoon());
  });
}
