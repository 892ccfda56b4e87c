import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mobileTicketUrl, usePublicBase } from './publicAddress.ts';

/** QR code of the mobile ticket page; the `qrcode` package loads only when a ticket is shown. */
export function TicketQr({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation('kiosk');
  const [svg, setSvg] = useState<string>();
  const url = mobileTicketUrl(usePublicBase(), ticketId);
  useEffect(() => {
    let live = true;
    void import('qrcode').then((QRCode) => QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })).then((s) => live && setSvg(s)).catch(() => undefined);
    return () => void (live = false);
  }, [url]);
  return (
    <figure className="ticket-qr">
      {svg ? (
        <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={t('ticketExtra.qrAlt')} data-testid="ticket-qr" data-url={url} width={200} height={200} />
      ) : (
        <div className="qr-placeholder" />
      )}
      <figcaption>{t('ticketExtra.qr')}</figcaption>
    </figure>
  );
}
