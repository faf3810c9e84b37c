import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
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
      <History />
    </div>
  );
}

function UploadForm({ onStarted, busy }: { onStarted: (jobId: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [source, setSource] = useState<ImportSource>('penduduk');
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const f = useFormat();

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
        <label className="field">
          <span className="field__label">{t('imports.file')}</span>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
          {file && <span className="field__hint">{t('imports.fileChosen', { name: file.name, size: f.num(Math.ceil(file.size / 1024)) })}</span>}
        </label>
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
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const job = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: () => api<Job>(`/jobs/${jobId}`),
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

  return (
    <div className="job" data-testid="import-job" data-status={job.data.status}>
      <p className="job__status">
        <span className={`status status--${job.data.status}`}>{t(`jobStatus.${job.data.status}`)}</span>
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
        {f.pct(fraction, 0)} · {t('imports.bytes', { read: f.num(Math.round(progress.bytesRead / 1024)), total: f.num(Math.round(progress.totalBytes / 1024)) })}
      </p>
      {job.data.message && <p className={job.data.status === 'failed' ? 'alert alert--error' : 'alert'}>{job.data.message}</p>}
      {result && (
        <div className="job__result">
          {job.data.status === 'succeeded' ? (
            <p className="alert alert--success" data-testid="import-result">
              {t('imports.written', { rows: f.num(result.rowsValid), source: t(`imports.sources.${result.source}.name`, { defaultValue: result.source }) })}
              {result.dataPer && ` ${t('imports.dataPer', { date: f.date(result.dataPer) })}`}
              {result.rowsInvalid > 0 && ` ${t('imports.skipped', { rows: f.num(result.rowsInvalid) })}`}
            </p>
          ) : (
            <p className="alert alert--error" data-testid="import-result">
              {t('imports.rejected', { invalid: f.num(result.rowsInvalid), total: f.num(result.rowsTotal) })}
            </p>
          )}
          {result.errors.length > 0 && <RowErrors errors={result.errors} truncated={result.errorsTruncated} total={result.rowsInvalid} />}
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

const errorColumn = createColumnHelper<RowError>();

function RowErrors({ errors, truncated, total }: { errors: RowError[]; truncated: boolean; total: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns = useMemo(
    () => [
      errorColumn.accessor('line', { header: t('imports.line'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      errorColumn.accessor('column', { header: t('imports.column'), cell: (info) => <span className="code">{info.getValue() ?? '—'}</span> }),
      errorColumn.accessor('reason', { header: t('imports.reason') }),
    ],
    [t, f],
  );
  return (
    <div data-testid="import-errors">
      <h3 className="subhead">{t('imports.errorsTitle')}</h3>
      <DataTable data={errors} columns={columns} caption={t('imports.errorsTitle')} pageSize={20} initialSorting={[{ id: 'line', desc: false }]} />
      {truncated && <p className="muted small">{t('imports.truncated', { shown: f.num(errors.length), total: f.num(total) })}</p>}
    </div>
  );
}

const batchColumn = createColumnHelper<ImportBatch>();

function History() {
  const { t } = useTranslation();
  const f = useFormat();
  const history = useQuery({ queryKey: ['imports'], queryFn: () => api<{ items: ImportBatch[] }>('/imports') });
  const columns = useMemo(
    () => [
      batchColumn.accessor('startedAt', { header: t('imports.startedAt'), cell: (info) => f.dateTime(info.getValue()) }),
      batchColumn.accessor('source', { header: t('imports.source'), cell: (info) => t(`imports.sources.${info.getValue()}.name`, { defaultValue: info.getValue() }) }),
      batchColumn.accessor('fileName', { header: t('imports.fileName'), cell: (info) => <span className="code">{info.getValue() ?? '—'}</span> }),
      batchColumn.accessor('dataPer', { header: t('imports.dataPerColumn'), cell: (info) => f.date(info.getValue()) }),
      batchColumn.accessor('status', {
        header: t('columns.status'),
        cell: (info) => <span className={`status status--${info.getValue()}`}>{t(`jobStatus.${info.getValue()}`, { defaultValue: info.getValue() })}</span>,
      }),
      batchColumn.accessor('rowsTotal', { header: t('imports.rowsTotal'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      batchColumn.accessor('rowsValid', { header: t('imports.rowsValid'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      batchColumn.accessor('rowsInvalid', { header: t('imports.rowsInvalid'), meta: { numeric: true }, cell: (info) => f.num(info.getValue()) }),
      batchColumn.accessor('username', { header: t('imports.by'), cell: (info) => info.getValue() ?? '—' }),
    ],
    [t, f],
  );
  return (
    <section className="panel" aria-labelledby="history-title">
      <header className="panel__header">
        <h2 id="history-title">{t('imports.history')}</h2>
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
          initialSorting={[{ id: 'startedAt', desc: true }]}
          pageSize={20}
          emptyText={t('imports.historyEmpty')}
        />
      )}
    </section>
  );
}
