import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../lib/i18n.ts';

/** ID | EN, remembered in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang" role="group" aria-label={t('lang.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          className={i18n.language === language ? 'lang__option lang__option--active' : 'lang__option'}
          aria-pressed={i18n.language === language}
          title={t(`lang.${language}`)}
          onClick={() => setLanguage(language)}
          data-testid={`lang-${language}`}
        >
          {language.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
