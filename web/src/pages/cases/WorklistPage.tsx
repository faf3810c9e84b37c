import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SlaBadge } from '../../components/SlaBadge.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { canChooseOffice } from '../../lib/access.ts';
import { api, OFFICES, type CaseItem, type Me, type Office, type Worklist } from '../../lib/api.ts';
import { caseNumber, caseSla, type SlaState } from '../../lib/cases.ts';
import { useNow } from '../../lib/clock.ts';
import { useFormat } from '../../lib/format.ts';
import { CaseDrawer } from './CaseDrawer.tsx';

/** The open list is loaded whole (earliest due first) up to this many, so the counts are exact. */
const OPEN_LIMIT = 2000;
const SERVER_PAGE = 200;
const CLOSED_PAGE = 50;
const SLA_STATES: SlaState[] = ['red', 'amber', 'green'];

type Tab = 'open' | 'closed';
type OfficeChoice = Office | '';

const column = createColumnHelper<CaseItem>();

async function fetchOpen(office: OfficeChoice): Promise<{ total: number; items: CaseItem[]; office: Office | null }> {
  const items: CaseItem[] = [];
  for (let page = 1; ; page++) {
    const result = await api<Worklist>('/cases', { query: { office, status: 'open', page, pageSize: SERVER_PAGE } });
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.total || items.length >= OPEN_LIMIT) {
      return { total: result.total, items, office: result.office };
    }
  }
}

/** An office's reactivation and registration cases: overdue first, SLA lights, and the case drawer. */
export function WorklistPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow();
  const chooses = canChooseOffice(me.role);
  const [office, setOffice] = useState<OfficeChoice>(me.role === 'dinkes' ? 'dinkes' : '');
  const [tab, setTab] = useState<Tab>('open');
  const [closedPage, setClosedPage] = useState(1);
  const [slaFilter, setSlaFilter] = useState<SlaState | null>(null);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const asked = chooses ? office : '';
  const closeDrawer = useCallback(() => setSelected(null), []);

  const open = useQuery({ queryKey: ['cases', asked, 'open'], queryFn: () => fetchOpen(asked), refetchInterval: 60_000 });
  const closed = useQuery({
    queryKey: ['cases', asked, 'closed', closedPage],
    queryFn: () => api<Worklist>('/cases', { query: { office: asked, status: 'closed', page: closedPage, pageSize: CLOSED_PAGE } }),
    placeholderData: keepPreviousData,
  });

  const counts = useMemo(() => {
    const bySla: Record<SlaState, number> = { red: 0, amber: 0, green: 0 };
    let inProgress = 0;
    for (const item of open.data?.items ?? []) {
      bySla[caseSla(item, now)] += 1;
      if (item.status === 'in_progress') inProgress += 1;
    }
    return { bySla, inProgress };
  }, [open.data, now]);

  const rows = useMemo(() => {
    const items = tab === 'open' ? (open.data?.items ?? []) : (closed.data?.items ?? []);
    const needle = search.trim().toUpperCase();
    return items.filter(
      (item) =>
        (tab === 'closed' || slaFilter === null || caseSla(item, now) === slaFilter) &&
        (needle === '' || caseNumber(item.id).startsWith(needle) || item.nikMasked.includes(needle)),
    );
  }, [tab, open.data, closed.data, search, slaFilter, now]);

  const shownOffice = open.data?.office ?? (asked || null);
  const columns = useMemo(
    () => [
      column.display({
        id: 'sla',
        header: tab === 'open' ? t('cases.columns.sla') : t('cases.columns.status'),
        cell: (info) =>
          tab === 'open' ? <SlaBadge state={caseSla(info.row.original, now)} /> : <span className={`status status--case-${info.row.original.status}`}>{t(`cases.status.${info.row.original.status}`)}</span>,
      }),
      column.accessor('id', {
        header: t('cases.columns.number'),
        cell: (info) => (
          <button
            type="button"
            className="linkish case-number"
            onClick={(event) => {
              event.stopPropagation();
              setSelected(info.getValue());
            }}
            aria-label={t('cases.openCase', { number: caseNumber(info.getValue()) })}
          >
            {caseNumber(info.getValue())}
          </button>
        ),
      }),
      column.accessor('route', { header: t('cases.columns.route'), cell: (info) => t(`routes.${info.getValue()}`) }),
      column.accessor('nikMasked', { header: t('cases.columns.nik'), cell: (info) => <span className="code">{info.getValue()}</span> }),
      ...(tab === 'open'
        ? [column.accessor('status', { header: t('cases.columns.status'), cell: (info) => <span className={`status status--case-${info.getValue()}`}>{t(`cases.status.${info.getValue()}`)}</span> })]
        : []),
      column.accessor('openedAt', {
        header: t('cases.columns.opened'),
        cell: (info) => (
          <span className="stack">
            <span className="nowrap">{f.dateTime(info.getValue())}</span>
            <span className="muted small">
              {[info.row.original.openedBy, info.row.original.facilityCode].filter(Boolean).join(' · ') || '—'}
            </span>
          </span>
        ),
      }),
      column.accessor('dueAt', {
        header: t('cases.columns.due'),
        cell: (info) => (
          <span className="stack">
            <span className="nowrap">{f.dateTime(info.getValue())}</span>
            {tab === 'open' && <span className="muted small">{f.relative(info.getValue(), now)}</span>}
          </span>
        ),
      }),
      ...(shownOffice === null ? [column.accessor('ownerOffice', { header: t('cases.columns.office'), cell: (info) => t(`offices.${info.getValue()}`) })] : []),
    ],
    [t, f, now, tab, shownOffice],
  );

  const active = tab === 'open' ? open : closed;
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t('cases.title')}</h1>
          <p className="page__meta">{t('cases.intro')}</p>
        </div>
        {chooses ? (
          <label className="field field--inline">
            <span className="field__label">{t('cases.office')}</span>
            <select
              value={office}
              onChange={(event) => {
                setOffice(event.target.value as OfficeChoice);
                setClosedPage(1);
              }}
              data-testid="cases-office"
            >
              <option value="">{t('cases.allOffices')}</option>
              {OFFICES.map((each) => (
                <option key={each} value={each}>
                  {t(`offices.${each}`)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          shownOffice && <span className="pill pill--large">{t(`offices.${shownOffice}`)}</span>
        )}
      </header>

      <section className="panel" aria-labelledby="cases-counts-title">
        <h2 id="cases-counts-title" className="visually-hidden">
          {t('cases.counts')}
        </h2>
        <div className="case-tabs" role="group" aria-label={t('cases.counts')}>
          <TabButton active={tab === 'open'} onClick={() => setTab('open')} count={open.data?.total} label={t('cases.tabs.open')} testId="cases-tab-open" />
          <TabButton active={tab === 'closed'} onClick={() => setTab('closed')} count={closed.data?.total} label={t('cases.tabs.closed')} testId="cases-tab-closed" />
        </div>
        {tab === 'open' && open.data && (
          <div className="sla-counts" role="group" aria-label={t('cases.slaFilter')}>
            {SLA_STATES.map((state) => (
              <button
                key={state}
                type="button"
                className={slaFilter === state ? `sla-count sla-count--${state} sla-count--active` : `sla-count sla-count--${state}`}
                aria-pressed={slaFilter === state}
                onClick={() => setSlaFilter(slaFilter === state ? null : state)}
                data-testid={`cases-count-${state}`}
                data-value={counts.bySla[state]}
              >
                <span className="sla-count__value">{f.num(counts.bySla[state])}</span>
                <SlaBadge state={state} />
              </button>
            ))}
            <span className="sla-count sla-count--info" data-testid="cases-count-in-progress" data-value={counts.inProgress}>
              <span className="sla-count__value">{f.num(counts.inProgress)}</span>
              <span>{t('cases.inProgressCount')}</span>
            </span>
          </div>
        )}
        <label className="field field--search">
          <span className="field__label">{t('cases.search')}</span>
          <input value={search} onChange={(event) => setSearch(event.target.value)} placeholder={t('cases.searchHint')} autoComplete="off" spellCheck={false} data-testid="cases-search" />
        </label>
        {active.isPending ? (
          <Loading />
        ) : active.isError ? (
          <ErrorState error={active.error} onRetry={() => void active.refetch()} />
        ) : (
          <div className={active.isPlaceholderData ? 'is-stale' : undefined}>
            {tab === 'open' && open.data && open.data.items.length < open.data.total && (
              <p className="alert">{t('cases.truncated', { shown: f.num(open.data.items.length), total: f.num(open.data.total) })}</p>
            )}
            <DataTable
              key={tab}
              data={rows}
              columns={columns}
              caption={t(`cases.tabs.${tab}`)}
              getRowId={(row) => row.id}
              rowTestId={(row) => `case-row-${row.id}`}
              onRowClick={(row) => setSelected(row.id)}
              sortable={false}
              pageSize={tab === 'open' ? 25 : undefined}
              emptyText={tab === 'open' ? t('cases.noneOpen') : t('cases.noneClosed')}
              stackOnNarrow
            />
            {tab === 'closed' && closed.data && (
              <Pager page={closedPage} pageSize={CLOSED_PAGE} total={closed.data.total} onPage={setClosedPage} busy={closed.isFetching} />
            )}
          </div>
        )}
      </section>
      {selected && <CaseDrawer id={selected} now={now} onClose={closeDrawer} />}
    </div>
  );
}

function TabButton({ active, onClick, count, label, testId }: { active: boolean; onClick: () => void; count: number | undefined; label: string; testId: string }) {
  const f = useFormat();
  return (
    <button type="button" aria-pressed={active} className={active ? 'tab tab--active' : 'tab'} onClick={onClick} data-testid={testId} data-value={count}>
      <span className="tab__count">{count === undefined ? '…' : f.num(count)}</span>
      <span className="tab__label">{label}</span>
    </button>
  );
}
