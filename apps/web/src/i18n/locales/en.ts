import { applicantEn } from '../../areas/applicant/i18n';
import { evaluatorEn } from '../../areas/evaluator/i18n';
import { officerEn } from '../../areas/officer/i18n';
import { supplierEn } from '../../areas/supplier/i18n';
import { commonEn } from './common';

export const en = {
  ...commonEn,
  applicant: applicantEn,
  supplier: supplierEn,
  evaluator: evaluatorEn,
  officer: officerEn,
};
