import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** A failed request: 403 gets its own calm message; anything else offers a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (isApiError(error, 403)) {
    return (
      <div className="state state--forbidden" role="alert">
        <strong>{t('common.forbidden')}</strong>
        <p>{t('common.forbiddenHint')}</p>
      </div>
    );
  }
  const message = isApiError(error, 0)
    ? t('common.networkError')
    : error instanceof Error && error.message
      ? error.message
      : t('common.error');
  return (
    <div className="state state--error" role="alert">
      <strong>{t('common.error')}</strong>
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}
