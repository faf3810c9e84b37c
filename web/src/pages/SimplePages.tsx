import { useTranslation } from 'react-i18next';
import { href } from '../lib/router.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="state state--empty">
        <strong>{t('common.notFound')}</strong>
        <a className="button" href={href({ page: 'dashboard', kecamatan: null })}>
          {t('common.backHome')}
        </a>
      </section>
    </div>
  );
}

/** A page the role may not open: the same words the API's 403 gets. */
export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="state state--forbidden" role="alert">
        <strong>{t('common.forbidden')}</strong>
        <p>{t('common.forbiddenHint')}</p>
        <a className="button button--secondary" href={href({ page: 'dashboard', kecamatan: null })}>
          {t('common.backHome')}
        </a>
      </section>
    </div>
  );
}
