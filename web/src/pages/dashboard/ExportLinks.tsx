import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../lib/api.ts';
import { currentLanguage } from '../../lib/i18n.ts';

const FORMATS = [
  { format: 'csv', extension: 'csv' },
  { format: 'xlsx', extension: 'xlsx' },
  { format: 'pdf', extension: 'pdf' },
] as const;

/** Download links for the table shown (the server renders the file). */
export function ExportLinks({ level, parent }: { level: 'kecamatan' | 'desa'; parent: string | null }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const base = parent ? `cakupan-${parent}` : 'cakupan-kecamatan';
  return (
    <div className="exports" role="group" aria-label={t('export.title')}>
      <span className="exports__label">{t('export.title')}</span>
      {FORMATS.map(({ format, extension }) => (
        <a
          key={format}
          className="button button--secondary button--small"
          href={apiUrl('/coverage/export', { level, parent, format, lang })}
          download={`${base}.${extension}`}
          data-testid={`export-${format}`}
        >
          {t(`export.${format}`)}
        </a>
      ))}
    </div>
  );
}
