// i18next with zh-CN by default and English switchable. Each area of the console keeps its words in
// its own file (common.ts, login.ts, …) so pages can grow without touching one another's text.
// antd's date pickers name weekdays and months, and start weeks, by the dayjs locale that antd's
// own locale names; without this file a Chinese page showed "Mo Tu We" and weeks from Sunday
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';
import { login } from './login';
import { areas } from './areas';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'yimen.lang';

const all = { common, login, ...areas };
const resourcesOf = (side: 'zh' | 'en') =>
  Object.fromEntries(Object.entries(all).map(([area, text]) => [area, text[side]]));

export function initialLang(): Lang {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: resourcesOf('zh') }, en: { translation: resourcesOf('en') } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export default i18n;
