import type { RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { ApplicantHome } from './ApplicantHome';
import { ApplicationListPage } from './ApplicationListPage';
import { ApplicationPage } from './ApplicationPage';
import { CompanyPage, NewCompanyPage } from './CompanyPage';
import { NewApplicationPage } from './NewApplicationPage';
import { SupplierCatalogPage } from './SupplierCatalogPage';

export const applicantNav: NavItem[] = [
  { to: '/applicant', label: 'applicant.nav.home', end: true },
  { to: '/applicant/company', label: 'applicant.nav.company' },
  { to: '/applicant/suppliers', label: 'applicant.nav.suppliers' },
  { to: '/applicant/applications', label: 'applicant.nav.applications' },
];

/** Routes under /applicant. */
export const applicantRoutes: RouteObject[] = [
  { index: true, element: <ApplicantHome /> },
  { path: 'company', element: <CompanyPage /> },
  { path: 'company/new', element: <NewCompanyPage /> },
  { path: 'suppliers', element: <SupplierCatalogPage /> },
  { path: 'applications', element: <ApplicationListPage /> },
  { path: 'applications/new', element: <NewApplicationPage /> },
  { path: 'applications/:id', element: <ApplicationPage /> },
];
