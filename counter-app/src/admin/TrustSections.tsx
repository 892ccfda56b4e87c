import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { PrivacyReportViewT, TlsInfoT } from '@lotse/shared';

/** HTTPS: the CA download, its fingerprint and install steps per platform. */
export function TlsSection({ token }: { token: string }) {
  const { t } = useTranslation('counter');
  const [info, setInfo] = useState<TlsInfoT>();
  useEffect(() => void apiFetch<TlsInfoT>('/api/v1/tls', { token }).then(setInfo, () => undefined), [token]);
  if (!info) return null;
  return (
    <section aria-labelledby="tls-title">
      <h2 id="tls-title">{t('security.tlsTitle')}</h2>
      {!info.enabled ? <p>{t('security.tlsOff')}</p> : (
        <>
          <p>{t('security.tlsIntro')}</p>
          {info.caUrl && <p><a href={info.caUrl} download="lotse-ca.crt">{t('security.tlsDownload')}</a> <code>{info.caUrl}</code></p>}
          <p>{t('security.tlsFingerprint')}: <span className="fingerprint" data-testid="ca-fingerprint">{info.caFingerprintSha256}</span></p>
          {info.serverNotAfter && <p>{t('security.tlsValidUntil')}: {new Date(info.serverNotAfter).toLocaleDateString('de-DE')}</p>}
          <p>{t('security.tlsNames')}: {info.names.join(', ')}</p>
          {info.guides.map((g) => (
            <details key={g.platform}>
              <summary>{g.title.de}</summary>
              <ol>{g.steps.map((s, i) => <li key={i}>{s.de}</li>)}</ol>
            </details>
          ))}
        </>
      )}
    </section>
  );
}

/** The Art. 30 record / DPIA facts, generated on demand from the running configuration, printable. */
export function PrivacySection({ token }: { token: string }) {
  const { t } = useTranslation('counter');
  const [report, setReport] = useState<PrivacyReportViewT>();
  const load = () => void apiFetch<PrivacyReportViewT>('/api/v1/privacy/report', { token }).then(setReport, () => undefined);
  return (
    <section aria-labelledby="privacy-title" className="privacy">
      <h2 id="privacy-title">{t('security.privacyTitle')}</h2>
      <p>{t('security.privacyIntro')}</p>
      <button onClick={load}>{t('security.privacyLoad')}</button>{' '}
      {report && <button className="secondary" onClick={() => window.print()}>{t('security.print')}</button>}
      {report && <pre className="report" data-testid="privacy-report">{report.markdown}</pre>}
    </section>
  );
}
