import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { S2C } from '../protocol/events.ts';
import type { ConnectionState } from './useConnection.ts';

/**
 * The banner every screen shows while the server is away, and the reactions to a final refusal: a revoked or
 * unknown device goes back to pairing, a stale bundle reloads.
 */
export function ConnectionBanner({ state, onUnpaired }: { state: ConnectionState; onUnpaired: () => void }) {
  const { t } = useTranslation('common');
  const code = state.refused?.code;
  useEffect(() => {
    if (code === 'UNAUTHENTICATED') onUnpaired();
    if (code === 'STALE_CLIENT') {
      const timer = setTimeout(() => location.reload(), 3000);
      return () => clearTimeout(timer);
    }
  }, [code, onUnpaired]);
  useEffect(() => {
    const socket = state.connection?.socket;
    socket?.on(S2C.deviceRevoked, onUnpaired);
    return () => void socket?.off(S2C.deviceRevoked, onUnpaired);
  }, [state.connection, onUnpaired]);

  if (code === 'STALE_CLIENT') {
    return (
      <div className="banner" role="alert">
        {t('connection.stale')} <button onClick={() => location.reload()}>{t('connection.reload')}</button>
      </div>
    );
  }
  if (state.status !== 'offline') return null;
  return <div className="banner" role="status">{t('connection.offline')}</div>;
}
