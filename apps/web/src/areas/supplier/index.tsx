import type { RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { ApplicationsPage } from './ApplicationsPage';
import { OfferingsPage } from './OfferingsPage';
import { PaymentsPage } from './PaymentsPage';
import { ProfilePage } from './ProfilePage';
import { SupplierApplicationPage } from './SupplierApplicationPage';
import { SupplierHome } from './SupplierHome';

export const supplierNav: NavItem[] = [
  { to: '/supplier', label: 'supplier.nav.home', end: true },
  { to: '/supplier/profile', label: 'supplier.nav.profile' },
  { to: '/supplier/offerings', label: 'supplier.nav.offerings' },
  { to: '/supplier/applications', label: 'supplier.nav.applications' },
  { to: '/supplier/payments', label: 'supplier.nav.payments' },
];

/** Routes under /supplier. */
export const supplierRoutes: RouteObject[] = [
  { index: true, element: <SupplierHome /> },
  { path: 'profile', element: <ProfilePage /> },
  { path: 'offerings', element: <OfferingsPage /> },
  { path: 'applications', element: <ApplicationsPage /> },
  { path: 'applications/:id', element: <SupplierApplicationPage /> },
  { path: 'payments', element: <PaymentsPage /> },
];
