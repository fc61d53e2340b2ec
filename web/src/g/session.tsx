// The grid worker's session: the console's staff log-in (cookie + CSRF token, web/src/api/client.ts),
// but it survives a reload without a connection — the last signed-in user is remembered on the
// phone so the queued work stays reachable; the outbox asks the server again before sending.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionExpired, setCsrfToken } from '../api/client';
import type { Me, StaffUser } from '../api/types';
import { outbox } from './outbox';

type Status = 'loading' | 'anonymous' | 'staff';
const USER_KEY = 'yimen.g.user';

/** The roles this H5 is for; others are sent to the console. */
export const GRID_ROLES: readonly string[] = ['grid_worker', 'security_member'];

interface GridSession {
  status: Status;
  user: StaffUser | null;
  /** signed in from the phone's memory because the server could not be reached */
  offline: boolean;
  endedReason: 'expired' | null;
  login(username: string, password: string): Promise<StaffUser>;
  logout(): Promise<void>;
}

const Ctx = createContext<GridSession | null>(null);

function cachedUser(): StaffUser | null {
  try {
    const raw = localStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as StaffUser) : null;
  } catch {
    return null;
  }
}

function remember(user: StaffUser | null) {
  if (user) localStorage.setItem(USER_KEY, JSON.stringify(user));
  else localStorage.removeItem(USER_KEY);
}

export function GridSessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<StaffUser | null>(null);
  const [offline, setOffline] = useState(false);
  const [endedReason, setEndedReason] = useState<'expired' | null>(null);
  const queryClient = useQueryClient();

  const signIn = useCallback((u: StaffUser, fromCache: boolean) => {
    setUser(u);
    setOffline(fromCache);
    setStatus('staff');
    outbox.setUser(u.id);
    if (!fromCache) remember(u);
  }, []);

  const signOut = useCallback(() => {
    setUser(null);
    setStatus('anonymous');
    outbox.setUser(null);
    remember(null);
  }, []);

  useEffect(() => {
    let live = true;
    void outbox.start();
    api<Me>('/api/me', { expect401: true })
      .then((me) => {
        if (!live) return;
        setCsrfToken(me.csrfToken);
        if (me.kind === 'staff' && me.user) signIn(me.user, false);
        else signOut();
      })
      .catch((err: unknown) => {
        if (!live) return;
        const cached = cachedUser();
        if (err instanceof ApiError && err.status === 0 && cached) signIn(cached, true);
        else signOut();
      });
    return () => {
      live = false;
    };
  }, [signIn, signOut]);

  // back online after a start from the phone's memory: the server says whether the session lives
  useEffect(() => {
    if (!offline) return;
    const check = () =>
      api<Me>('/api/me', { expect401: true })
        .then((me) => {
          setCsrfToken(me.csrfToken);
          if (me.kind === 'staff' && me.user) signIn(me.user, false);
          else {
            signOut();
            setEndedReason('expired');
          }
        })
        .catch(() => undefined);
    window.addEventListener('online', check);
    return () => window.removeEventListener('online', check);
  }, [offline, signIn, signOut]);

  useEffect(
    () =>
      onSessionExpired(() => {
        setStatus((s) => {
          if (s === 'staff') setEndedReason('expired');
          return s;
        });
        signOut();
        queryClient.clear();
      }),
    [queryClient, signOut],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await api<{ user: StaffUser; csrfToken: string }>('/api/auth/login', {
        body: { username, password },
        expect401: true,
      });
      setCsrfToken(res.csrfToken);
      setEndedReason(null);
      signIn(res.user, false);
      return res.user;
    },
    [signIn],
  );

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', body: {}, expect401: true });
    } catch {
      // offline: the server session ends by itself; the phone forgets it now
    } finally {
      signOut();
      queryClient.clear();
    }
  }, [queryClient, signOut]);

  const value = useMemo(
    () => ({ status, user, offline, endedReason, login, logout }),
    [status, user, offline, endedReason, login, logout],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useGridSession(): GridSession {
  const s = useContext(Ctx);
  if (!s) throw new Error('useGridSession outside GridSessionProvider');
  return s;
}

/** The signed-in user; only for pages behind the log-in guard. */
export function useGridUser(): StaffUser {
  const { user } = useGridSession();
  if (!user) throw new Error('no user');
  return user;
}
