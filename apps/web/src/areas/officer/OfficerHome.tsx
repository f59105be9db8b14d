import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/ui';

export function OfficerHome() {
  const { t } = useTranslation();
  return <PageTitle>{t('officer.nav.home')}</PageTitle>;
}
