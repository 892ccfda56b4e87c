import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraIcon } from './Icons.tsx';

const QrScanner = lazy(() => import('./QrScanner.tsx'));

/** Booking codes as printed: letters and digits, dashes optional (the server's BookingCode pattern). */
export function normalizeCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, '');
}
const CODE = /^[A-Z0-9-]{4,32}$/;

/**
 * Check-in with an appointment: the booking code typed on the tablet's keyboard (one large input), or its QR
 * code held to the camera. `error` is the server's answer to the last try (unknown code, offline).
 */
export function AppointmentScreen({ onSubmit, onBack, error, busy, offline }: {
  onSubmit: (code: string) => void;
  onBack: () => void;
  error?: string;
  busy: boolean;
  offline: boolean;
}) {
  const { t } = useTranslation('kiosk');
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState(false);
  const valid = CODE.test(normalizeCode(code));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && !busy) onSubmit(normalizeCode(code));
  };

  return (
    <main className="screen" aria-labelledby="appointment-title">
      <h1 id="appointment-title">{t('appointment.title')}</h1>
      {offline && <p className="notice" role="status">{t('offline.banner')}</p>}
      <form className="code-form" onSubmit={submit}>
        <label htmlFor="booking-code" className="big">{t('appointment.codeLabel')}</label>
        <p id="booking-code-hint" className="hint">{t('appointment.codeHint')}</p>
        <input
          id="booking-code"
          className="code-input"
          name="code"
          dir="ltr"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          enterKeyHint="go"
          aria-describedby={error ? 'booking-code-hint booking-code-error' : 'booking-code-hint'}
          aria-invalid={error ? true : undefined}
          maxLength={32}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        {error && <p id="booking-code-error" className="error" role="alert">{error}</p>}
        <button type="submit" disabled={!valid || busy || offline} data-testid="appointment-submit">{t('appointment.submit')}</button>
      </form>
      {scanning ? (
        <Suspense fallback={<p role="status">{t('appointment.scanHint')}</p>}>
          <QrScanner
            onCode={(c) => {
              setScanning(false);
              setCode(c);
              onSubmit(normalizeCode(c));
            }}
            onUnavailable={() => {
              setScanning(false);
              setCameraError(true);
            }}
            onStop={() => setScanning(false)}
          />
        </Suspense>
      ) : (
        <button className="secondary scan-button" onClick={() => setScanning(true)} disabled={offline} data-testid="scan-start">
          <CameraIcon /> {t('appointment.scan')}
        </button>
      )}
      {cameraError && <p className="notice" role="status">{t('appointment.cameraUnavailable')}</p>}
      <nav className="actions">
        <button className="secondary" onClick={onBack}>{t('back')}</button>
      </nav>
    </main>
  );
}
