import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { Pager } from '../components/Pager.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { api, type AuditEntry, type Paged } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

const PAGE_SIZE = 50;

/** Actions the server records today (the filter matches exactly; any other text still works). */
const KNOWN_ACTIONS = ['login', 'login.failed', 'person.read', 'import', 'user.add'];
const column = createColumnHelper<AuditEntry>();

/** Who did what, when (admin only). Newest first, filtered on the server. */
export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState({ action: '', username: '' });
  const [filter, setFilter] = useState({ action: '', username: '' });
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [filter]);

  const audit = useQuery({
    queryKey: ['audit', filter, page],
    queryFn: () => api<Paged<AuditEntry>>('/audit', { query: { ...filter, page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });

  const columns = useMemo(
    () => [
      column.accessor('at', { header: t('audit.at'), cell: (info) => <span className="nowrap">{f.dateTime(info.getValue())}</span> }),
      column.accessor('username', { header: t('audit.username'), cell: (info) => <strong>{info.getValue() ?? '—'}</strong> }),
      column.accessor('action', {
        header: t('audit.action'),
        cell: (info) => (
          <span className="nowrap" title={t(`audit.actions.${info.getValue()}`, { defaultValue: '' })}>
            <span className="code">{info.getValue()}</span>
          </span>
        ),
      }),
      column.accessor('subject', { header: t('audit.subject'), cell: (info) => <span className="code">{info.getValue() ?? '—'}</span> }),
      column.accessor('detail', { header: t('audit.detail'), meta: { className: 'col-grow' }, cell: (info) => <span className="detail">{describe(info.getValue())}</span> }),
    ],
    [t, f],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ action: draft.action.trim(), username: draft.username.trim() });
  };

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t('audit.title')}</h1>
          <p className="page__meta">{t('audit.intro')}</p>
        </div>
      </header>
      <section className="panel">
        <form className="filters" onSubmit={submit} role="search">
          <label className="field">
            <span className="field__label">{t('audit.action')}</span>
            <input
              value={draft.action}
              onChange={(event) => setDraft({ ...draft, action: event.target.value })}
              placeholder={t('audit.actionPlaceholder')}
              list="audit-actions"
              autoCapitalize="none"
              spellCheck={false}
              data-testid="audit-action"
            />
            <datalist id="audit-actions">
              {KNOWN_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {t(`audit.actions.${action}`, { defaultValue: action })}
                </option>
              ))}
            </datalist>
          </label>
          <label className="field">
            <span className="field__label">{t('audit.username')}</span>
            <input value={draft.username} onChange={(event) => setDraft({ ...draft, username: event.target.value })} autoCapitalize="none" data-testid="audit-username" />
          </label>
          <div className="filters__buttons">
            <button type="submit" className="button">
              {t('audit.apply')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setDraft({ action: '', username: '' });
                setFilter({ action: '', username: '' });
              }}
            >
              {t('audit.reset')}
            </button>
          </div>
        </form>
        {audit.isPending ? (
          <Loading />
        ) : audit.isError ? (
          <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
        ) : (
          <div className={audit.isPlaceholderData ? 'is-stale' : undefined}>
            <DataTable data={audit.data.items} columns={columns} caption={t('audit.title')} getRowId={(row) => String(row.id)} sortable={false} emptyText={t('audit.none')} stackOnNarrow />
            <Pager page={page} pageSize={PAGE_SIZE} total={audit.data.total} onPage={setPage} busy={audit.isFetching} />
          </div>
        )}
      </section>
    </div>
  );
}

function describe(detail: unknown): string {
  if (detail === null || detail === undefined || detail === '') return '—';
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'object' && Object.keys(detail).length === 0) return '—';
  if (typeof detail === 'object' && !Array.isArray(detail)) {
    return Object.entries(detail as Record<string, unknown>)
      .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' · ');
  }
  return JSON.stringify(detail);
}
