import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/ui';

export function SupplierHome() {
  const { t } = useTranslation();
  return <PageTitle>{t('supplier.nav.home')}</PageTitle>;
}
