import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceRoleT, PairedDeviceT } from '../schemas/auth.ts';
import { ApiClientError } from '../client/api.ts';
import { pairWithCode, tryDevAutoPair } from '../client/device.ts';

interface Props {
  role: DeviceRoleT;
  onPaired: (device: PairedDeviceT) => void;
  /** Why the device is here again (e.g. revoked), shown above the form. */
  notice?: string;
}

/** What an unpaired device shows, and nothing else. A `?pair=CODE` link (from the admin's QR) pairs at once. */
export function PairingScreen({ role, onPaired, notice }: Props) {
  const { t } = useTranslation('common');
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('pair') ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (value: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const device = await pairWithCode(value, role);
      history.replaceState(null, '', location.pathname);
      onPaired(device);
    } catch (err) {
      const apiCode = err instanceof ApiClientError ? err.code : undefined;
      setError(apiCode === 'PAIRING_CODE_INVALID' || apiCode === 'BAD_REQUEST' ? t('pairing.invalid') : apiCode === 'NETWORK' ? t('pairing.unreachable') : t('pairing.wrongRole'));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (code) void submit(code);
    else void tryDevAutoPair(role).then((d) => d && onPaired(d));
    // Runs once: a code from the URL pairs at once, otherwise the development switch is tried.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(code);
  };

  return (
    <main className="pairing" aria-labelledby="pairing-title">
      <h1 id="pairing-title">{t('pairing.title')}: {t(`pairing.roles.${role}`)}</h1>
      {notice && <p role="alert" className="notice">{notice}</p>}
      <p>{t('pairing.intro')}</p>
      <form onSubmit={onSubmit}>
        <label htmlFor="pairing-code">{t('pairing.codeLabel')}</label>
        <input
          id="pairing-code"
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          minLength={4}
          maxLength={16}
        />
        <button type="submit" disabled={busy}>{busy ? t('pairing.pairing') : t('pairing.submit')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </main>
  );
}
