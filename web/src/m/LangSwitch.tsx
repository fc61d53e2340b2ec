// The H5's language switch: Chinese by default, English for those who need it (remembered).
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';

export function LangSwitch() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <a role="button" tabIndex={0} onClick={() => setLang(en ? 'zh-CN' : 'en')} style={{ marginLeft: 12 }}>
      {en ? '中文' : 'English'}
    </a>
  );
}
