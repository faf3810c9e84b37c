import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../lib/api.ts';
import { currentLanguage } from '../../lib/i18n.ts';

const FORMATS = ['csv', 'xlsx', 'pdf'] as const;

/** Download links for the table shown (the server renders the file). */
export function ExportLinks({ level, parent }: { level: 'kecamatan' | 'desa'; parent: string | null }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="exports" role="group" aria-label={t('export.title')}>
      <span className="exports__label">{t('export.title')}</span>
      {FORMATS.map((format) => (
        <a
          key={format}
          className="button button--secondary button--small"
          href={apiUrl('/coverage/export', { level, parent, format, lang })}
          // the server names the file (Content-Disposition); `download` keeps the page where it is
          download
          data-testid={`export-${format}`}
        >
          {t(`export.${format}`)}
        </a>
      ))}
    </div>
  );
}
