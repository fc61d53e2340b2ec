// Whether this phone has a resident session (the phone check), shared by the H5's pages.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionExpired, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';

type Status = 'loading' | 'anonymous' | 'resident';
interface ResidentSession {
  status: Status;
  /** a resident session was opened: the csrf token of the answer */
  opened(csrfToken: string): void;
  signOut(): Promise<void>;
}
const Ctx = createContext<ResidentSession | null>(null);

export function ResidentProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  useEffect(() => {
    api<Me>('/api/me', { expect401: true })
      .then((me) => {
        setCsrfToken(me.csrfToken);
        setStatus(me.kind === 'resident' ? 'resident' : 'anonymous');
      })
      .catch(() => setStatus('anonymous'));
  }, []);
  useEffect(() => onSessionExpired(() => setStatus('anonymous')), []);
  const opened = useCallback((token: string) => {
    setCsrfToken(token);
    setStatus('resident');
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', body: {}, expect401: true });
    } finally {
      setStatus('anonymous');
    }
  }, []);
  const value = useMemo(() => ({ status, opened, signOut }), [status, opened, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useResident(): ResidentSession {
  const v = useContext(Ctx);
  if (!v) throw new Error('useResident outside ResidentProvider');
  return v;
}
