import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/ui';

export function ApplicantHome() {
  const { t } = useTranslation();
  return <PageTitle>{t('applicant.nav.home')}</PageTitle>;
}
