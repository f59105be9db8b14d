import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/ui';

export function EvaluatorHome() {
  const { t } = useTranslation();
  return <PageTitle>{t('evaluator.nav.home')}</PageTitle>;
}
