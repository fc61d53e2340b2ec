// The signed-in staff user for the whole console. A 401 from any request (idle or absolute
// session expiry, log-out elsewhere) sends the user back to the log-in page with a message.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionExpired, setCsrfToken } from '../api/client';
import type { Me, StaffUser } from '../api/types';

type Status = 'loading' | 'anonymous' | 'staff';

interface Session {
  status: Status;
  user: StaffUser | null;
  /** why the user is on the log-in page, when the session ended by itself */
  endedReason: 'expired' | null;
  /** with the authenticator's code when the account has a second factor */
  login(username: string, password: string, totpCode?: string): Promise<StaffUser>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<StaffUser | null>(null);
  const [endedReason, setEndedReason] = useState<'expired' | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    let live = true;
    api<Me>('/api/me', { expect401: true })
      .then((me) => {
        if (!live) return;
        setCsrfToken(me.csrfToken);
        if (me.kind === 'staff' && me.user) {
          setUser(me.user);
          setStatus('staff');
        } else setStatus('anonymous');
      })
      .catch(() => live && setStatus('anonymous'));
    return () => {
      live = false;
    };
  }, []);

  useEffect(
    () =>
      onSessionExpired(() => {
        setUser(null);
        setStatus((s) => {
          if (s === 'staff') setEndedReason('expired');
          return 'anonymous';
        });
        queryClient.clear();
      }),
    [queryClient],
  );

  const login = useCallback(async (username: string, password: string, totpCode?: string) => {
    const res = await api<{ user: StaffUser; csrfToken: string }>('/api/auth/login', {
      body: { username, password, ...(totpCode ? { totpCode } : {}) },
      expect401: true,
    });
    setCsrfToken(res.csrfToken);
    setUser(res.user);
    setEndedReason(null);
    setStatus('staff');
    return res.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', body: {}, expect401: true });
    } finally {
      setUser(null);
      setStatus('anonymous');
      queryClient.clear();
    }
  }, [queryClient]);

  const value = useMemo(
    () => ({ status, user, endedReason, login, logout }),
    [status, user, endedReason, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only for pages behind the log-in guard. */
export function useUser(): StaffUser {
  const { user } = useSession();
  if (!user) throw new Error('no user');
  return user;
}
