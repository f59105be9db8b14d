/** The reads the applicant pages share, with their cache keys (all under 'applicant'). */
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import type { Application, Award, Company, Program, SupplierEntry } from './types';

export const keys = {
  all: ['applicant'] as const,
  companies: ['applicant', 'companies'] as const,
  programs: ['applicant', 'programs'] as const,
  program: (id: string) => ['applicant', 'program', id] as const,
  applications: ['applicant', 'applications'] as const,
  application: (id: string) => ['applicant', 'application', id] as const,
  award: (id: string) => ['applicant', 'award', id] as const,
  suppliers: ['applicant', 'suppliers'] as const,
  supplier: (id: string) => ['applicant', 'supplier', id] as const,
};

export function useCompanies() {
  return useQuery({
    queryKey: keys.companies,
    queryFn: () => api.get<Page<Company>>('/api/companies', { limit: 100 }),
  });
}

/** Programs that take applications (status OPEN; the window is checked by the pages). */
export function useOpenPrograms() {
  return useQuery({
    queryKey: keys.programs,
    queryFn: () => api.get<Page<Program>>('/api/programs', { status: 'OPEN', limit: 100 }),
  });
}

export function useProgram(id: string | undefined) {
  return useQuery({
    queryKey: keys.program(id ?? ''),
    queryFn: () => api.get<Program>(`/api/programs/${id}`),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: keys.application(id),
    queryFn: () => api.get<Application>(`/api/applications/${id}`),
    // A submission waits for the supplier's confirmation, and its result may arrive any moment;
    // a draft learns of the confirmation less urgently.
    refetchInterval: (query) => {
      const app = query.state.data;
      if (app?.status === 'SUBMITTED') return 10_000;
      if (app?.status === 'DRAFT' && !app.supplierConfirmedAt) return 30_000;
      return false;
    },
  });
}

/** Approved suppliers with an approved offering in a category (the public catalogue). */
export function useCatalogue(category: string | undefined) {
  return useQuery({
    queryKey: [...keys.suppliers, 'category', category ?? ''],
    queryFn: () => api.get<Page<SupplierEntry>>('/api/suppliers', { category, limit: 500 }),
    enabled: Boolean(category),
  });
}

export function useSupplierEntry(id: string | undefined) {
  return useQuery({
    queryKey: keys.supplier(id ?? ''),
    queryFn: () => api.get<SupplierEntry>(`/api/suppliers/${id}`),
    enabled: Boolean(id),
    retry: false,
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
