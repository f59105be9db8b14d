/** The reads the supplier pages share, with their cache keys (all under 'supplier'). */
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import type { Application, Award, AwardListItem, SupplierView } from './types';

export const keys = {
  all: ['supplier'] as const,
  mine: ['supplier', 'mine'] as const,
  applications: ['supplier', 'applications'] as const,
  application: (id: string) => ['supplier', 'application', id] as const,
  award: (id: string) => ['supplier', 'award', id] as const,
  awards: ['supplier', 'awards'] as const,
};

/** The awards of the caller's suppliers, across programs, in one request. */
export function useMyAwards() {
  return useQuery({
    queryKey: keys.awards,
    queryFn: () => api.get<Page<AwardListItem>>('/api/me/awards', { limit: 500 }),
  });
}

/** The caller's supplier organisations (usually one), with every offering and status. */
export function useMySuppliers() {
  return useQuery({
    queryKey: keys.mine,
    queryFn: () => api.get<Page<SupplierView>>('/api/suppliers/mine', { limit: 100 }),
  });
}

/** Every application naming one of the caller's suppliers (the API scopes the list). */
export function useNamingApplications() {
  return useQuery({
    queryKey: [...keys.applications, 'all'],
    queryFn: () => api.get<Page<Application>>('/api/applications', { limit: 500 }),
  });
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: keys.application(id),
    queryFn: () => api.get<Application>(`/api/applications/${id}`),
  });
}

export function useAward(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.award(id),
    queryFn: () => api.get<Award>(`/api/applications/${id}/award`),
    enabled,
    retry: false,
  });
}
