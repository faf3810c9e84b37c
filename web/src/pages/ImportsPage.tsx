import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { api, IMPORT_SOURCES, type ImportBatch, type ImportSource, type Job, type RowError } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

const FINISHED = new Set(['succeeded', 'rejected', 'failed']);

/** Upload a penduduk / peserta / dtsen file, follow the background job, see the history. */
export function ImportsPage() {
  const { t } = useTranslation();
  const [jobId, setJobId] = useState<string | null>(null);
  const [issuesOf, setIssuesOf] = useState<ImportBatch | null>(null);

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t('imports.title')}</h1>
          <p className="page__meta">{t('imports.intro')}</p>
        </div>
      </header>
      <div className="grid-2 grid-2--narrow-first">
        <UploadForm onStarted={setJobId} busy={jobId !== null} />
        <section className="panel" aria-labelledby="job-title" aria-live="polite">
          <header className="panel__header">
            <h2 id="job-title">{t('imports.jobTitle')}</h2>
          </header>
          {jobId ? <JobView key={jobId} jobId={jobId} onClear={() => setJobId(null)} /> : <p className="muted">{t('imports.noJob')}</p>}
        </section>
      </div>
      <History onShowIssues={setIssuesOf} />
      {issuesOf && <BatchIssues key={String(issuesOf.id)} batch={issuesOf} onClose={() => setIssuesOf(null)} />}
    </div>
  );
}

function UploadForm({ onStarted, busy }: { onStarted: (jobId: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [source, setSource] = useState<ImportSource>('penduduk');
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileId = useId();

  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (file) form.append('file', file, file.name);
      return api<{ jobId: string }>(`/imports/${source}`, { method: 'POST', query: { skipInvalid }, form });
    },
    onSuccess: ({ jobId }) => {
      onStarted(jobId);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate();
  };

  return (
    <section className="panel" aria-labelledby="upload-title">
      <header className="panel__header">
        <h2 id="upload-title">{t('imports.uploadTitle')}</h2>
      </header>
      <form className="form" onSubmit={submit}>
        <fieldset className="field">
          <legend className="field__label">{t('imports.source')}</legend>
          <div className="choices">
            {IMPORT_SOURCES.map((each) => (
              <label key={each} className={source === each ? 'choice choice--active' : 'choice'}>
                <input type="radio" name="source" value={each} checked={source === each} onChange={() => setSource(each)} data-testid={`import-source-${each}`} />
                <span>
                  <strong>{t(`imports.sources.${each}.name`)}</strong>
                  <small>{t(`imports.sources.${each}.hint`)}</small>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <span className="field__label" id={`${fileId}-label`}>
            {t('imports.file')}
          </span>
          <div className="file">
            <input
              ref={fileInput}
              id={fileId}
              className="file__input"
              type="file"
              accept=".csv,text/csv"
              aria-labelledby={`${fileId}-label`}
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
              data-testid="import-file"
            />
            <label htmlFor={fileId} className="button button--secondary button--small file__button">
              {t('imports.chooseFile')}
            </label>
            <span className={file ? 'file__name' : 'file__name muted'}>
              {file ? t('imports.fileChosen', { name: file.name, size: f.num(Math.max(1, Math.ceil(file.size / 1024))) }) : t('imports.noFile')}
            </span>
          </div>
        </div>
        <label className="check">
          <input type="checkbox" checked={skipInvalid} onChange={(event) => setSkipInvalid(event.target.checked)} data-testid="import-skip-invalid" />
          <span>
            {t('imports.skipInvalid')}
            <small>{t('imports.skipInvalidHint')}</small>
          </span>
        </label>
        {upload.isError && <ErrorState error={upload.error} />}
        <button type="submit" className="button" disabled={!file || upload.isPending} data-testid="import-submit">
          {upload.isPending ? t('imports.uploading') : busy ? t('imports.uploadAnother') : t('imports.upload')}
        </button>
      </form>
    </section>
  );
}

function JobView({ jobId, onClear }: { jobId: string; onClear: () => void }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const job = useQuery({
    queryKey: ['jobs', jobId, lang],
    queryFn: () => api<Job>(`/jobs/${jobId}`, { query: { lang } }),
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.status) ? false : 500),
  });
  const status = job.data?.status;
  const finished = status !== undefined && FINISHED.has(status);

  useEffect(() => {
    if (finished) {
      void client.invalidateQueries({ queryKey: ['imports'] });
      if (status === 'succeeded') void client.invalidateQueries({ queryKey: ['coverage'] });
    }
  }, [finished, status, client]);

  if (job.isPending) return <Loading />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} />;

  const { progress, result } = job.data;
  const fraction = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : finished ? 1 : 0;
  const sourceName = (source: string) => t(`imports.sources.${source}.name`, { defaultValue: source });

  return (
    <div className="job" data-testid="import-job" data-status={job.data.status}>
      <p className="job__status">
        <span className={`status status--${job.data.status}`} data-testid="import-job-status">
          {t(`jobStatus.${job.data.status}`)}
        </span>
        <span className="muted">{t('imports.rowsRead', { rows: f.num(progress.rows) })}</span>
      </p>
      <div
        className={`progress progress--${job.data.status}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-label={t('imports.progress')}
      >
        <div className="progress__bar" style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="muted small">
        {f.pct(fraction, 0)}
        {progress.totalBytes > 0 && ` · ${t('imports.bytes', { read: kb(progress.bytesRead, f.num), total: kb(progress.totalBytes, f.num) })}`}
      </p>
      {job.data.status === 'failed' && (
        <p className="alert alert--error" data-testid="import-result">
          {t('imports.failed')} {job.data.message}
        </p>
      )}
      {result && (
        <div className="job__result">
          {job.data.status === 'succeeded' ? (
            <p className="alert alert--success" data-testid="import-result">
              {t('imports.written', { rows: f.num(result.rowsValid), source: sourceName(result.source) })}
              {result.dataPer && ` ${t('imports.dataPer', { date: f.date(result.dataPer) })}`}
              {result.rowsInvalid > 0 && ` ${t('imports.skipped', { rows: f.num(result.rowsInvalid) })}`}
            </p>
          ) : (
            <p className="alert alert--error" data-testid="import-result">
              {t('imports.rejected', { invalid: f.num(result.rowsInvalid), total: f.num(result.rowsTotal) })}
            </p>
          )}
          {result.errors.length > 0 && (
            <RowErrors
              errors={result.errors}
              truncated={result.errorsTruncated}
              total={result.errorsTotal ?? result.rowsInvalid}
              batchId={result.batchId}
            />
          )}
        </div>
      )}
      {finished && (
        <button type="button" className="button button--secondary button--small" onClick={onClear}>
          {t('imports.clear')}
        </button>
      )}
    </div>
  );
}

function kb(bytes: number, num: (value: number) => string): string {
  return num(Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / 1024)));
}

const errorColumn = createColumnHelper<RowError>();

function useErrorColumns() {
  const { t } = useTranslation();
  const f = useFormat();
  return useMemo(
    () => [
      errorColumn.accessor('line', { header: t('imports.line'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      errorColumn.accessor('column', { header: t('imports.column'), cell: (info) => <span className="code">{info.getValue() || '—'}</span> }),
      errorColumn.accessor('reason', { header: t('imports.reason') }),
    ],
    [t, f],
  );
}

/** The rejected rows reported with the job; when the server kept more, they can be paged from the batch. */
function RowErrors({ errors, truncated, total, batchId }: { errors: RowError[]; truncated: boolean; total: number; batchId: string | number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns = useErrorColumns();
  const [all, setAll] = useState(false);
  return (
    <div data-testid="import-errors">
      <h3 className="subhead">{t('imports.errorsTitle')}</h3>
      {all ? (
        <IssuePages batchId={batchId} />
      ) : (
        <>
          <DataTable data={errors} columns={columns} caption={t('imports.errorsTitle')} pageSize={20} initialSorting={[{ id: 'line', desc: false }]} />
          {truncated && (
            <p className="muted small">
              {t('imports.truncated', { shown: f.num(errors.length), total: f.num(total) })}{' '}
              <button type="button" className="linkish" onClick={() => setAll(true)}>
                {t('imports.showAllIssues')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}

const ISSUE_PAGE = 100;

/** Every issue of a batch, paged from `GET /imports/:id/issues` (offset/limit, no total). */
function IssuePages({ batchId }: { batchId: string | number }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const columns = useErrorColumns();
  const [offset, setOffset] = useState(0);
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const issues = useQuery({
    queryKey: ['imports', 'issues', String(batchId), offset, lang],
    queryFn: () =>
      api<{ items: RowError[] }>(`/imports/${encodeURIComponent(String(batchId))}/issues`, { query: { offset, limit: ISSUE_PAGE, lang } }),
    placeholderData: keepPreviousData,
  });
  if (issues.isPending) return <Loading />;
  if (issues.isError) return <ErrorState error={issues.error} onRetry={() => void issues.refetch()} />;
  const items = issues.data.items;
  return (
    <div className={issues.isPlaceholderData ? 'table-block is-stale' : 'table-block'}>
      <DataTable data={items} columns={columns} caption={t('imports.errorsTitle')} sortable={false} />
      <nav className="pager" aria-label={t('common.pagination')}>
        <span className="pager__range">
          {items.length > 0 ? t('imports.issueRange', { from: f.num(offset + 1), to: f.num(offset + items.length) }) : ''}
        </span>
        <span className="pager__buttons">
          <button type="button" className="button button--secondary button--small" disabled={offset === 0 || issues.isFetching} onClick={() => setOffset(Math.max(0, offset - ISSUE_PAGE))}>
            ‹ {t('common.prev')}
          </button>
          <button type="button" className="button button--secondary button--small" disabled={items.length < ISSUE_PAGE || issues.isFetching} onClick={() => setOffset(offset + ISSUE_PAGE)}>
            {t('common.next')} ›
          </button>
        </span>
      </nav>
    </div>
  );
}

function BatchIssues({ batch, onClose }: { batch: ImportBatch; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel" aria-labelledby="batch-issues-title" data-testid="batch-issues">
      <header className="panel__header panel__header--row">
        <div>
          <h2 id="batch-issues-title" ref={heading} tabIndex={-1}>
            {t('imports.batchIssues', { file: batch.fileName ?? batch.source })}
          </h2>
          <p className="panel__hint">
            {t(`imports.sources.${batch.source}.name`, { defaultValue: batch.source })} · {f.dateTime(batch.startedAt)} ·{' '}
            {t('imports.rejectedRows', { rows: f.num(batch.rowsInvalid) })}
          </p>
        </div>
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          {t('imports.clear')}
        </button>
      </header>
      <IssuePages batchId={batch.id} />
    </section>
  );
}

const batchColumn = createColumnHelper<ImportBatch>();

function History({ onShowIssues }: { onShowIssues: (batch: ImportBatch) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const history = useQuery({ queryKey: ['imports'], queryFn: () => api<{ items: ImportBatch[] }>('/imports') });
  const columns = useMemo(
    () => [
      batchColumn.accessor('startedAt', { header: t('imports.startedAt'), cell: (info) => <span className="nowrap">{f.dateTime(info.getValue())}</span> }),
      batchColumn.accessor('source', { header: t('imports.source'), cell: (info) => t(`imports.sources.${info.getValue()}.name`, { defaultValue: info.getValue() }) }),
      batchColumn.accessor('fileName', { header: t('imports.fileName'), cell: (info) => <span className="code">{info.getValue() ?? '—'}</span> }),
      batchColumn.accessor('dataPer', { header: t('imports.dataPerColumn'), cell: (info) => <span className="nowrap">{f.date(info.getValue())}</span> }),
      batchColumn.accessor('status', {
        header: t('columns.status'),
        cell: (info) => (
          <span className={`status status--${info.getValue()}`} title={t(`batchStatus.${info.getValue()}.hint`, { defaultValue: '' })}>
            {t(`batchStatus.${info.getValue()}.name`, { defaultValue: info.getValue() })}
          </span>
        ),
      }),
      batchColumn.accessor('rowsTotal', { header: t('imports.rowsTotal'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      batchColumn.accessor('rowsValid', { header: t('imports.rowsValid'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      batchColumn.accessor('rowsInvalid', {
        header: t('imports.rowsInvalid'),
        meta: { numeric: true },
        cell: (info) =>
          (info.getValue() ?? 0) > 0 ? (
            <button type="button" className="linkish" onClick={() => onShowIssues(info.row.original)} title={t('imports.showIssues')}>
              {f.num(info.getValue())}
            </button>
          ) : (
            f.num(info.getValue())
          ),
      }),
      batchColumn.accessor('username', { header: t('imports.by'), cell: (info) => info.getValue() ?? '—' }),
    ],
    [t, f, onShowIssues],
  );
  return (
    <section className="panel" aria-labelledby="history-title">
      <header className="panel__header">
        <h2 id="history-title">{t('imports.history')}</h2>
        <p className="panel__hint">{t('imports.historyHint')}</p>
      </header>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <DataTable
          data={history.data.items}
          columns={columns}
          caption={t('imports.history')}
          getRowId={(row) => String(row.id)}
          rowTestId={(row) => `import-row-${row.id}`}
          initialSorting={[{ id: 'startedAt', desc: true }]}
          pageSize={20}
          emptyText={t('imports.historyEmpty')}
          stackOnNarrow
        />
      )}
    </section>
  );
}
