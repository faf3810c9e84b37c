import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { Pager } from '../components/Pager.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { api, type AuditEntry, type Paged } from '../lib/api.ts';
import { caseNumber } from '../lib/cases.ts';
import { useFormat } from '../lib/format.ts';
import { checkNikInput, cleanNik } from '../lib/nik-input.ts';

const PAGE_SIZE = 50;

/** Actions the server records today (the filter matches exactly; any other text still works). */
const KNOWN_ACTIONS = ['login', 'login.failed', 'person.read', 'eligibility.check', 'eligibility.self-check', 'case.move', 'import', 'user.add'];
const column = createColumnHelper<AuditEntry>();

interface Filter {
  action: string;
  username: string;
  nik: string;
  facility: string;
  from: string;
  to: string;
}

const NO_FILTER: Filter = { action: '', username: '', nik: '', facility: '', from: '', to: '' };

/** Who did what, when (admin only). Newest first, filtered on the server; NIKs masked. */
export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
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
          <span className="stack">
            <span className="code">{info.getValue()}</span>
            <span className="muted small">{t(`audit.actions.${info.getValue()}`, { defaultValue: '' })}</span>
          </span>
        ),
      }),
      column.accessor('subject', { header: t('audit.subject'), cell: (info) => <Subject value={info.getValue()} /> }),
      column.accessor('detail', { header: t('audit.detail'), meta: { className: 'col-grow' }, cell: (info) => <Detail entry={info.row.original} /> }),
    ],
    [t, f],
  );

  const nikInvalid = draft.nik.trim() !== '' && checkNikInput(draft.nik).state !== 'valid';
  const rangeInvalid = draft.from !== '' && draft.to !== '' && draft.from > draft.to;
  const set = (key: keyof Filter) => (event: ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (nikInvalid || rangeInvalid) return;
    setFilter({
      action: draft.action.trim(),
      username: draft.username.trim(),
      nik: cleanNik(draft.nik),
      facility: draft.facility.trim(),
      from: draft.from,
      to: draft.to,
    });
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
        <form className="filters filters--wide" onSubmit={submit} role="search" noValidate>
          <label className="field">
            <span className="field__label">{t('audit.action')}</span>
            <input
              value={draft.action}
              onChange={set('action')}
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
            <input value={draft.username} onChange={set('username')} autoCapitalize="none" data-testid="audit-username" />
          </label>
          <label className="field">
            <span className="field__label">{t('audit.nik')}</span>
            <input
              value={draft.nik}
              onChange={set('nik')}
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              placeholder={t('audit.nikHint')}
              aria-invalid={nikInvalid}
              aria-describedby={nikInvalid ? 'audit-nik-hint' : undefined}
              data-testid="audit-nik"
            />
            {nikInvalid && (
              <span id="audit-nik-hint" className="field__hint field__hint--error">
                {t('audit.nikInvalid')}
              </span>
            )}
          </label>
          <label className="field">
            <span className="field__label">{t('audit.facility')}</span>
            <input value={draft.facility} onChange={set('facility')} autoCapitalize="characters" spellCheck={false} data-testid="audit-facility" />
          </label>
          <label className="field">
            <span className="field__label">{t('audit.from')}</span>
            <input type="date" value={draft.from} onChange={set('from')} aria-invalid={rangeInvalid} data-testid="audit-from" />
          </label>
          <label className="field">
            <span className="field__label">{t('audit.to')}</span>
            <input type="date" value={draft.to} onChange={set('to')} aria-invalid={rangeInvalid} aria-describedby="audit-range-hint" data-testid="audit-to" />
            {rangeInvalid && (
              <span id="audit-range-hint" className="field__hint field__hint--error">
                {t('audit.rangeInvalid')}
              </span>
            )}
          </label>
          <div className="filters__buttons">
            <button type="submit" className="button" data-testid="audit-apply">
              {t('audit.apply')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setDraft(NO_FILTER);
                setFilter(NO_FILTER);
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
            <DataTable
              data={audit.data.items}
              columns={columns}
              caption={t('audit.title')}
              getRowId={(row) => String(row.id)}
              rowTestId={(row) => `audit-row-${row.id}`}
              sortable={false}
              emptyText={t('audit.none')}
              stackOnNarrow
            />
            <Pager page={page} pageSize={PAGE_SIZE} total={audit.data.total} totalIsAtLeast={audit.data.totalIsAtLeast} onPage={setPage} busy={audit.isFetching} />
          </div>
        )}
      </section>
    </div>
  );
}

/** A masked NIK as is; a case as its number (the whole id on hover). */
function Subject({ value }: { value: string | null }) {
  const { t } = useTranslation();
  if (!value) return <>—</>;
  const match = /^case:(.+)$/.exec(value);
  if (match?.[1]) {
    return (
      <span className="nowrap" title={match[1]}>
        {t('audit.caseSubject', { number: caseNumber(match[1]) })}
      </span>
    );
  }
  return <span className="code">{value}</span>;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Counter checks and case moves in words; anything else as its keys and values. */
function Detail({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const detail = entry.detail && typeof entry.detail === 'object' && !Array.isArray(entry.detail) ? (entry.detail as Record<string, unknown>) : null;
  if (detail && entry.action === 'eligibility.check') {
    const membership = text(detail.membership);
    const basis = text(detail.basis);
    const caseId = text(detail.caseId);
    const parts = [
      t('audit.check.facility', { code: text(detail.facility) ?? '—' }),
      membership && t(`counter.membershipValue.${membership}`, { defaultValue: membership }),
      basis && t(`counter.basis.${basis}`, { defaultValue: basis }),
      // the basis says whether the patient was served; without it, say so plainly
      !basis && detail.served === true ? t('audit.check.served') : !basis && detail.served === false ? t('audit.check.notServed') : null,
      text(detail.source) && t(`counter.sources.${text(detail.source)}`, { defaultValue: text(detail.source) }),
      caseId && t('audit.caseSubject', { number: caseNumber(caseId) }),
      text(detail.channel) && text(detail.channel) !== 'counter' && t('audit.check.channel', { channel: text(detail.channel) }),
    ];
    return <span className="audit-detail">{parts.filter(Boolean).join(' · ')}</span>;
  }
  if (detail && entry.action === 'eligibility.self-check') {
    const membership = text(detail.membership);
    const parts = [
      detail.matched === true ? t('audit.check.matched') : t('audit.check.notMatched'),
      membership && t(`counter.membershipValue.${membership}`, { defaultValue: membership }),
    ];
    return <span className="audit-detail">{parts.filter(Boolean).join(' · ')}</span>;
  }
  if (detail && entry.action === 'case.move' && text(detail.from) && text(detail.to)) {
    return (
      <span className="audit-detail">
        {t(`cases.status.${text(detail.from)}`, { defaultValue: text(detail.from) })} → {t(`cases.status.${text(detail.to)}`, { defaultValue: text(detail.to) })}
      </span>
    );
  }
  return <span className="detail">{describe(entry.detail)}</span>;
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
