import { applicantKo } from '../../areas/applicant/i18n';
import { evaluatorKo } from '../../areas/evaluator/i18n';
import { officerKo } from '../../areas/officer/i18n';
import { supplierKo } from '../../areas/supplier/i18n';
import { commonKo } from './common';

export const ko = {
  ...commonKo,
  applicant: applicantKo,
  supplier: supplierKo,
  evaluator: evaluatorKo,
  officer: officerKo,
};
