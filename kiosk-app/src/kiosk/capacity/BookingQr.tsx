import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The booking code as a QR code: the kiosk's scanner reads it at check-in on the day. */
export function BookingQr({ code }: { code: string }) {
  const { t } = useTranslation('kiosk');
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    let live = true;
    void import('qrcode').then((QRCode) => QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })).then((s) => live && setSvg(s)).catch(() => undefined);
    return () => void (live = false);
  }, [code]);
  return svg
    ? <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={t('capacity.qrAlt', { code })} data-testid="booking-qr" width={200} height={200} className="booking-qr" />
    : <div className="qr-placeholder" />;
}
