import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, setUnauthorizedHandler } from '../api/client';
import type { Role, UserView } from '../api/types';
import { setLanguage } from '../i18n';
import { tokenStore } from './token-store';

interface AuthState {
  user: UserView | null;
  /** True until the stored token has been checked against `/api/auth/me`. */
  loading: boolean;
  login(email: string, password: string): Promise<UserView>;
  logout(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<UserView | null>(null);
  const [loading, setLoading] = useState(() => tokenStore.get() !== null);

  const logout = useCallback(() => {
    tokenStore.clear();
    setUser(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler(logout);
    if (!tokenStore.get()) return;
    api
      .get<UserView>('/api/auth/me')
      .then(setUser)
      .catch(() => logout())
      .finally(() => setLoading(false));
  }, [logout]);

  const login = useCallback(async (email: string, password: string) => {
    const { accessToken } = await api.post<{ accessToken: string }>('/api/auth/login', {
      email,
      password,
    });
    tokenStore.set(accessToken);
    const me = await api.get<UserView>('/api/auth/me');
    setUser(me);
    void setLanguage(me.locale);
    return me;
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user (only inside pages behind RequireRole). */
export function useUser(): UserView {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

/** The landing page of each role. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'APPLICANT':
      return '/applicant';
    case 'SUPPLIER':
      return '/supplier';
    case 'EVALUATOR':
      return '/evaluator';
    default:
      return '/officer';
  }
}
