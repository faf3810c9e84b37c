import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The frame of the pages a resident opens without logging in: the brand, a title, and a foot line. */
export function PublicFrame({ title, intro, foot, children }: { title: string; intro?: string; foot: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="public">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <div className="public__card">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">+</span>
          <span>
            <span className="brand__name">SMART JKN</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </span>
        </div>
        <div>
          <h1 className="login__title">{title}</h1>
          {intro && <p className="muted">{intro}</p>}
        </div>
        {children}
        <p className="login__foot">{foot}</p>
      </div>
    </main>
  );
}
