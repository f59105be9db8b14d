import type { RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { SupplierHome } from './SupplierHome';

export const supplierNav: NavItem[] = [{ to: '/supplier', label: 'supplier.nav.home', end: true }];

/** Routes under /supplier. */
export const supplierRoutes: RouteObject[] = [{ index: true, element: <SupplierHome /> }];
