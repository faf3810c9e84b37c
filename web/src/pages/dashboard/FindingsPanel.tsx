import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable.tsx';
import { Pager } from '../../components/Pager.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { api, FINDING_KINDS, type FindingCounts, type FindingItem, type FindingKind, type Paged } from '../../lib/api.ts';
import { useFormat } from '../../lib/format.ts';

const COUNT_OF: Record<FindingKind, keyof FindingCounts> = {
  unregistered: 'unregisteredResidents',
  unmatched: 'unmatchedMembers',
  deceased: 'deceasedMembers',
  moved: 'movedMembers',
};

const PAGE_SIZE = 20;

/** Which columns say something for each kind (an unregistered resident has no membership, an unmatched member no address). */
const COLUMNS_OF: Record<FindingKind, (keyof FindingItem)[]> = {
  unregistered: ['nikMasked', 'name', 'desaName'],
  unmatched: ['nikMasked', 'segment', 'status', 'reason'],
  deceased: ['nikMasked', 'name', 'desaName', 'segment', 'status', 'reason'],
  moved: ['nikMasked', 'name', 'desaName', 'segment', 'status', 'reason'],
};

const ACTIVE_OF: Partial<Record<FindingKind, keyof FindingCounts>> = {
  deceased: 'deceasedActiveMembers',
  moved: 'movedActiveMembers',
};
const column = createColumnHelper<FindingItem>();

/** Data-quality findings of the latest extracts: counts per kind and a paged list (NIKs masked by the server). */
export function FindingsPanel({ canListPersons }: { canListPersons: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [kind, setKind] = useState<FindingKind>('unregistered');
  const [page, setPage] = useState(1);

  const counts = useQuery({
    queryKey: ['coverage', 'findings'],
    queryFn: () => api<{ asOf: string | null; counts: FindingCounts }>('/coverage/findings'),
  });
  const list = useQuery({
    enabled: canListPersons,
    queryKey: ['coverage', 'findings', kind, page],
    queryFn: () => api<Paged<FindingItem>>(`/coverage/findings/${kind}`, { query: { page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });

  const columns = useMemo(
    () => [
      column.accessor('nikMasked', { header: t('columns.nik'), cell: (info) => <span className="code">{info.getValue()}</span> }),
      column.accessor('name', { header: t('columns.name'), cell: (info) => info.getValue() ?? '—' }),
      column.accessor('desaName', {
        header: t('levels.desa'),
        cell: (info) => (info.getValue() ? `${info.getValue()} (${info.row.original.desaCode ?? ''})` : '—'),
      }),
      column.accessor('segment', { header: t('columns.segment'), cell: (info) => label(t, 'segments', info.getValue()) }),
      column.accessor('status', { header: t('columns.status'), cell: (info) => label(t, 'status', info.getValue()) }),
      column.accessor('reason', { header: t('columns.reason'), cell: (info) => label(t, 'reasons', info.getValue()) }),
    ],
    [t],
  );
  const shownColumns = useMemo(() => columns.filter((each) => COLUMNS_OF[kind].includes(each.accessorKey as keyof FindingItem)), [columns, kind]);

  const choose = (next: FindingKind) => {
    setKind(next);
    setPage(1);
  };

  return (
    <section className="panel" aria-labelledby="findings-title">
      <header className="panel__header">
        <h2 id="findings-title">{t('findings.title')}</h2>
        <p className="panel__hint">{t('findings.hint')}</p>
      </header>
      {counts.isPending ? (
        <Loading />
      ) : counts.isError ? (
        <ErrorState error={counts.error} onRetry={() => void counts.refetch()} />
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label={t('findings.title')}>
            {FINDING_KINDS.map((each) => (
              <button
                key={each}
                type="button"
                role="tab"
                id={`finding-tab-${each}`}
                aria-selected={each === kind}
                aria-controls="finding-list"
                className={each === kind ? 'tab tab--active' : 'tab'}
                onClick={() => choose(each)}
              >
                <span className="tab__count" data-testid={`finding-count-${each}`}>
                  {f.num(counts.data.counts[COUNT_OF[each]])}
                </span>
                <span className="tab__label">{t(`findings.kinds.${each}`)}</span>
                {activeCount(counts.data.counts, each) !== null && (
                  <span className="tab__note">{t('findings.stillActive', { value: f.num(activeCount(counts.data.counts, each)) })}</span>
                )}
              </button>
            ))}
          </div>
          <div id="finding-list" role="tabpanel" aria-labelledby={`finding-tab-${kind}`}>
            <p className="panel__hint">{t(`findings.explain.${kind}`)}</p>
            {!canListPersons ? (
              <p className="alert">{t('findings.noPersonAccess')}</p>
            ) : list.isPending ? (
              <Loading />
            ) : list.isError ? (
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            ) : (
              <div className={list.isPlaceholderData ? 'is-stale' : undefined}>
                <DataTable
                  data={list.data.items}
                  columns={shownColumns}
                  caption={t(`findings.kinds.${kind}`)}
                  sortable={false}
                  emptyText={t('findings.none')}
                  stackOnNarrow
                />
                <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} busy={list.isFetching} />
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function activeCount(counts: FindingCounts, kind: FindingKind): number | null {
  const key = ACTIVE_OF[kind];
  const value = key ? counts[key] : undefined;
  return typeof value === 'number' ? value : null;
}

function label(t: (key: string, options?: { defaultValue: string }) => string, group: string, value: string | null): string {
  return value ? t(`${group}.${value}`, { defaultValue: value }) : '—';
}
