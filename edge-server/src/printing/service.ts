import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DomainError, mobileTicketPath, type TicketPrintResultT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { QueueService } from '../queue/service.ts';
import { ticketBytes } from './escpos.ts';
import { formatPrinterAddress, parsePrinterAddress, sendRaw, type PrinterAddress } from './printer.ts';
import { PUBLIC_URL_SETTING } from '../http/publicUrl.ts';

/** Settings keys (table `settings`). */
export const PRINT_SETTINGS = {
  /** `printer.device.<deviceId>` = `host:port`: the receipt printer beside that kiosk. */
  devicePrinter: (deviceId: string) => `printer.device.${deviceId}`,
  officeName: 'office.name',
  /** Base URL phones reach the edge server under, e.g. `https://192.168.1.10:8443`. */
  publicUrl: PUBLIC_URL_SETTING,
} as const;

export interface PrintOptions {
  db: Db;
  queue: QueueService;
  now?: () => Date;
  timeZone?: string;
  /** Default printer, from `LOTSE_PRINTER` (host:port). */
  printer?: string;
  /** From `LOTSE_PUBLIC_URL`; else the setting, else the address the kiosk reached us under. */
  publicUrl?: string;
  officeName?: string;
  timeoutMs?: number;
}

export interface PrintRequest {
  /** The kiosk asking: its own printer wins over the default. */
  deviceId?: string;
  /** `http(s)://host:port` the request came in on. */
  origin: string;
}

/** Prints tickets on the kiosk's ESC/POS printer over raw TCP. */
export class PrintService {
  private readonly localeDir = localesDir();
  private readonly names = new Map<string, Record<string, { name?: string }> | null>();

  constructor(private readonly opts: PrintOptions) {}

  async printTicket(ticketId: string, req: PrintRequest): Promise<TicketPrintResultT> {
    const receipt = await this.opts.queue.ticketReceipt(ticketId);
    const printer = await this.printerFor(req.deviceId);
    const settings = await this.settings();
    const { ticket } = receipt;
    const service = (await this.opts.queue.services()).find((s) => s.id === ticket.serviceId);
    // The request's Host header is only a fallback, and only a plain scheme://host[:port] is put into the QR code.
    const origin = /^https?:\/\/[A-Za-z0-9.:[\]-]{1,260}$/.test(req.origin) ? req.origin : 'http://localhost';
    const base = (this.opts.publicUrl ?? settings.get(PRINT_SETTINGS.publicUrl) ?? origin).replace(/\/+$/, '');
    const bytes = ticketBytes({
      officeName: this.opts.officeName ?? settings.get(PRINT_SETTINGS.officeName) ?? 'Bürgeramt',
      number: ticket.number,
      serviceNameDe: service?.name ?? ticket.serviceId,
      serviceNameCitizen: this.serviceName(ticket.language, ticket.serviceId),
      issuedAt: new Intl.DateTimeFormat('de-DE', { timeZone: this.opts.timeZone ?? 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ticket.createdAt)),
      ahead: receipt.ahead,
      estimate: receipt.estimate,
      url: `${base}${mobileTicketPath(ticket.id)}`,
      provisionalNumber: ticket.provisionalNumber,
    });
    try {
      await sendRaw(printer, bytes, this.opts.timeoutMs ?? 3000);
    } catch (err) {
      throw new DomainError('UNAVAILABLE', `the ticket printer ${formatPrinterAddress(printer)} did not take the ticket: ${(err as Error).message}`);
    }
    return { printed: true };
  }

  private async printerFor(deviceId: string | undefined): Promise<PrinterAddress> {
    const own = deviceId
      ? (await this.opts.db.selectFrom('settings').select('value').where('key', '=', PRINT_SETTINGS.devicePrinter(deviceId)).executeTakeFirst())?.value
      : undefined;
    const text = own ?? this.opts.printer;
    if (!text) throw new DomainError('UNAVAILABLE', 'no ticket printer is set up for this kiosk (LOTSE_PRINTER or the kiosk’s printer setting)');
    const address = parsePrinterAddress(text);
    if (!address) throw new DomainError('UNAVAILABLE', `the ticket printer address "${text}" is not host:port`);
    return address;
  }

  private async settings(): Promise<Map<string, string>> {
    const rows = await this.opts.db.selectFrom('settings').selectAll().where('key', 'in', [PRINT_SETTINGS.officeName, PRINT_SETTINGS.publicUrl]).execute();
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  /** Service name from the shared i18n resources (`services.json`), read once per language. */
  private serviceName(language: string, serviceId: string): string | undefined {
    if (!this.names.has(language)) {
      let table: Record<string, { name?: string }> | null = null;
      try {
        if (this.localeDir && /^[a-z-]+$/.test(language)) {
          table = JSON.parse(fs.readFileSync(path.join(this.localeDir, language, 'services.json'), 'utf8')) as Record<string, { name?: string }>;
        }
      } catch {
        table = null; // No translation yet: German only.
      }
      this.names.set(language, table);
    }
    const name = this.names.get(language)?.[serviceId]?.name;
    return typeof name === 'string' ? name : undefined;
  }
}

function localesDir(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@lotse/shared');
    const dir = path.join(path.dirname(entry), 'i18n', 'locales');
    return fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}
