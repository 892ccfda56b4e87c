import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { Namespaces, PROTOCOL_VERSION, S2C, type TicketReceiptT, type TicketViewerEvents } from '@lotse/shared';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import { useTranslation } from 'react-i18next';
import { installServiceTexts } from '@lotse/shared/ui';

/** The receipt carries the counter's name once called. */
export type LiveReceipt = TicketReceiptT;

export interface TicketLive {
  receipt?: LiveReceipt;
  notFound: boolean;
  online: boolean;
}

/**
 * The ticket, live: fetched over the public HTTP route, then kept current by the `/ticket` Socket.IO namespace
 * (the phone knows only the ticket's unguessable id). Every reconnect fetches again, so nothing is missed.
 */
export function useTicketLive(ticketId: string): TicketLive {
  const [state, setState] = useState<TicketLive>({ notFound: false, online: true });
  const { i18n } = useTranslation();
  useEffect(() => {
    let live = true;
    const load = () =>
      apiFetch<LiveReceipt>(`/api/v1/tickets/${encodeURIComponent(ticketId)}`)
        .then((receipt) => live && setState((s) => ({ ...s, receipt, notFound: false })))
        .catch((err: unknown) => {
          if (!live) return;
          const gone = err instanceof ApiClientError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST');
          setState((s) => ({ ...s, notFound: gone, online: gone ? s.online : false }));
        });
    const socket: Socket<TicketViewerEvents, Record<string, never>> = io(Namespaces.ticket, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION, ticketId },
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    });
    socket.on('connect', () => {
      setState((s) => ({ ...s, online: true }));
      void load();
    });
    socket.on('disconnect', () => setState((s) => ({ ...s, online: false })));
    // The office changed its service texts (issue 11): show the new ones without a reload.
    socket.on(S2C.servicesUpdated, (list) => {
      installServiceTexts(i18n, list);
      setState((s) => ({ ...s }));
    });
    socket.on('connect_error', () => setState((s) => ({ ...s, online: false })));
    socket.on(S2C.ticketUpdated, (receipt) => {
      if (receipt.ticket.id === ticketId) setState((s) => ({ ...s, receipt, online: true }));
    });
    void load();
    return () => {
      live = false;
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [ticketId, i18n]);
  return state;
}
