import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { ko } from './locales/ko';

const KEY = 'voucher.lang';
export type Lang = 'ko' | 'en';

const stored = localStorage.getItem(KEY);
const initial: Lang =
  stored === 'en' || stored === 'ko' ? stored : navigator.language.startsWith('ko') ? 'ko' : 'en';

void i18n.use(initReactI18next).init({
  resources: { ko: { translation: ko }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'ko',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;

/** Switches the UI language (remembered in this browser). */
export function setLanguage(lang: Lang): Promise<unknown> {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  return i18n.changeLanguage(lang);
}

export default i18n;
