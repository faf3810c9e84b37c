/**
 * The funding plan page (issue 14): the office changes budgets, quotas and weights and sees the plan
 * and its projection move (the exact optimiser on the server, recomputed a moment after each change);
 * saves the programmes file, imports or exports it; saves a plan as an immutable version and downloads
 * it as Excel or PDF.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { can } from '../../lib/access.ts';
import { api, apiUrl, type Me, type RowDetail, type UhcCategory } from '../../lib/api.ts';
import { COLORS, type ChartOption } from '../../lib/echarts.ts';
import { useFormat } from '../../lib/format.ts';

type Conditions = unknown[];
interface Programme {
  code: string;
  route: string;
  name?: string;
  quota: number | null;
  monthly: Record<string, number>;
  arrears: Record<string, number>;
  eligible: Conditions;
}
interface Programmes {
  horizonMonths: number;
  budgets: Record<string, number>;
  weights: Record<string, number>;
  programs: Programme[];
}
interface UhcAward {
  category: UhcCategory;
  next: UhcCategory | null;
  activationsNeeded: number | null;
}
interface PlanSummary {
  asOf: string | null;
  date: string;
  horizonMonths: number;
  candidates: number;
  objective: { weight: number; people: number; cost: number };
  programs: { code: string; route: string; people: number; weight: number; cost: Record<string, number> }[];
  funders: { funder: string; budget: number; spent: number }[];
  projection: { total: RowDetail; rows: RowDetail[]; uhcAward: UhcAward };
  current: { total: RowDetail; rows: RowDetail[]; uhcAward: UhcAward };
}
interface SavedPlan {
  id: number;
  name: string | null;
  date: string;
  asOf: string | null;
  createdBy: string;
  createdAt: string;
}
interface UsageError {
  path: string;
  reason: string;
}

/** POST/PUT with a JSON body; a 400 gives back the usage errors. */
async function send<T>(method: 'POST' | 'PUT', path: string, body: unknown, query?: Record<string, string>): Promise<T> {
  const response = await fetch(apiUrl(path, query), {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 400 && Array.isArray(data.errors)) throw Object.assign(new Error(data.error), { usage: data.errors as UsageError[] });
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data as T;
}

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

const sum = (cost: Record<string, number>) => Object.values(cost).reduce((s, v) => s + v, 0);

export function PlanPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const canEdit = can(me.role, 'PUT /api/v1/programmes');
  const saved = useQuery({ queryKey: ['programmes'], queryFn: () => api<{ programmes: Programmes; version: number; updatedAt: string | null; updatedBy: string | null }>('/programmes') });
  const [draft, setDraft] = useState<Programmes | null>(null);
  const [date, setDate] = useState('');
  const [planName, setPlanName] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (saved.data && draft === null) setDraft(saved.data.programmes);
  }, [saved.data, draft]);

  const inputs = useDebounced(useMemo(() => ({ draft, date }), [draft, date]), 400);
  const plan = useQuery({
    queryKey: ['plan', inputs],
    enabled: inputs.draft !== null && canEdit,
    placeholderData: (previous) => previous,
    queryFn: () => send<PlanSummary>('POST', '/plans', inputs.draft, { assignments: 'false', ...(inputs.date ? { date: inputs.date } : {}) }),
    retry: false,
  });
  const counts = useQuery({
    queryKey: ['match-count', inputs],
    enabled: inputs.draft !== null && canEdit,
    placeholderData: (previous) => previous,
    queryFn: () => send<{ candidates: number; programs: { code: string; matching: number }[] }>('POST', '/programmes/match-count', inputs.draft, inputs.date ? { date: inputs.date } : undefined),
    retry: false,
  });
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => api<{ items: SavedPlan[] }>('/plans/saved') });
  const saveProgrammes = useMutation({
    mutationFn: ({ body, via }: { body: unknown; via: 'edit' | 'import' }) => send<{ programmes: Programmes; version: number }>('PUT', '/programmes', body, { via }),
    onSuccess: (result) => {
      setDraft(result.programmes);
      void client.invalidateQueries({ queryKey: ['programmes'] });
    },
  });
  const savePlan = useMutation({
    mutationFn: () => send<SavedPlan>('POST', '/plans/saved', { programmes: draft, ...(date ? { date } : {}), ...(planName.trim() ? { name: planName.trim() } : {}) }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['plans'] }),
  });

  if (saved.isPending || draft === null) return <Loading label={t('common.loading')} />;
  if (saved.isError) return <ErrorState error={saved.error} onRetry={() => void saved.refetch()} />;

  const setBudget = (funder: string, value: number) => setDraft({ ...draft, budgets: { ...draft.budgets, [funder]: value } });
  const setWeight = (key: string, value: number) => setDraft({ ...draft, weights: { ...draft.weights, [key]: value } });
  const setQuota = (index: number, value: number | null) =>
    setDraft({ ...draft, programs: draft.programs.map((p, i) => (i === index ? { ...p, quota: value } : p)) });
  const usage = (plan.error as { usage?: UsageError[] } | null)?.usage ?? (saveProgrammes.error as { usage?: UsageError[] } | null)?.usage;
  const result = plan.data;
  const months = draft.horizonMonths;

  return (
    <div className="page" aria-busy={plan.isFetching}>
      <header className="page__header">
        <div>
          <h1>{t('plan.title')}</h1>
          <p className="page__meta">
            {t('plan.intro')} {saved.data.version === 0 ? t('plan.defaults') : t('plan.version', { version: saved.data.version, who: saved.data.updatedBy, when: f.dateTime(saved.data.updatedAt) })}
          </p>
        </div>
        <div className="plan-actions">
          <a className="button button--secondary button--small" href={apiUrl('/programmes/export')} data-testid="programmes-export">
            {t('plan.exportProgrammes')}
          </a>
          {canEdit && (
            <>
              <button type="button" className="button button--secondary button--small" onClick={() => fileInput.current?.click()}>
                {t('plan.importProgrammes')}
              </button>
              <input
                ref={fileInput}
                type="file"
                accept="application/json,.json"
                hidden
                onChange={async (event) => {
                  const file = event.target.files?.[0];
                  if (!file) return;
                  let body: unknown;
                  try {
                    body = JSON.parse(await file.text());
                  } catch {
                    body = await file.text();
                  }
                  saveProgrammes.mutate({ body, via: 'import' });
                  event.target.value = '';
                }}
              />
              <button type="button" className="button button--small" onClick={() => saveProgrammes.mutate({ body: draft, via: 'edit' })} disabled={saveProgrammes.isPending} data-testid="programmes-save">
                {t('plan.saveProgrammes')}
              </button>
            </>
          )}
        </div>
      </header>

      {usage && usage.length > 0 && (
        <div className="alert alert--error" role="alert" data-testid="usage-errors">
          <p>{t('plan.malformed')}</p>
          <ul>
            {usage.map((e) => (
              <li key={`${e.path}:${e.reason}`}>
                <code>{e.path || '(file)'}</code>: {e.reason}
              </li>
            ))}
          </ul>
        </div>
      )}

      <section className="panel" aria-labelledby="plan-inputs">
        <header className="panel__header">
          <h2 id="plan-inputs">{t('plan.inputs')}</h2>
          <p className="panel__hint">{t('plan.inputsHint')}</p>
        </header>
        <div className="plan-grid">
          <label className="field">
            <span className="field__label">{t('plan.date')}</span>
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} disabled={!canEdit} />
          </label>
          <label className="field">
            <span className="field__label">{t('plan.horizon')}</span>
            <input type="number" min={1} max={24} value={months} onChange={(e) => setDraft({ ...draft, horizonMonths: Number(e.target.value) })} disabled={!canEdit} />
          </label>
        </div>
        <h3>{t('plan.budgets')}</h3>
        <div className="plan-grid">
          {Object.entries(draft.budgets).map(([funder, budget]) => (
            <label className="field" key={funder}>
              <span className="field__label">
                {funder} <span className="field__hint">{f.rupiah(budget)}</span>
              </span>
              <input type="number" min={0} step={1_000_000} value={budget} onChange={(e) => setBudget(funder, Number(e.target.value))} disabled={!canEdit} data-testid={`budget-${funder}`} />
            </label>
          ))}
        </div>
        <h3>{t('plan.weights')}</h3>
        <div className="plan-grid">
          {Object.entries(draft.weights).map(([key, weight]) => (
            <label className="field" key={key}>
              <span className="field__label">{t(`plan.weight.${key}`)}</span>
              <input type="number" min={0} value={weight} onChange={(e) => setWeight(key, Number(e.target.value))} disabled={!canEdit} />
            </label>
          ))}
        </div>
      </section>

      {plan.isError && !usage && <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />}
      {result && (
        <>
          <section className="panel" aria-labelledby="plan-result">
            <header className="panel__header">
              <h2 id="plan-result">{t('plan.result')}</h2>
              <p className="panel__hint">{t('plan.resultHint', { candidates: f.num(result.candidates), asOf: f.date(result.asOf), date: f.date(result.date) })}</p>
            </header>
            <dl className="plan-facts" data-testid="plan-facts">
              <div>
                <dt>{t('plan.people')}</dt>
                <dd data-testid="plan-people">{f.num(result.objective.people)}</dd>
              </div>
              <div>
                <dt>{t('plan.cost')}</dt>
                <dd>{f.rupiah(result.objective.cost)}</dd>
              </div>
              <div>
                <dt>{t('plan.activeRate')}</dt>
                <dd data-testid="plan-active-rate">
                  {f.pct(result.current.total.activeRate)} → {f.pct(result.projection.total.activeRate)}
                </dd>
              </div>
              <div>
                <dt>{t('plan.uhc')}</dt>
                <dd data-testid="plan-uhc">
                  {t(`uhc.${result.current.uhcAward.category}`)} → {t(`uhc.${result.projection.uhcAward.category}`)}
                </dd>
              </div>
              <div>
                <dt>{t('plan.stillNeeded')}</dt>
                <dd>
                  {result.projection.uhcAward.next
                    ? t('plan.neededFor', { n: f.num(result.projection.uhcAward.activationsNeeded ?? 0), category: t(`uhc.${result.projection.uhcAward.next}`) })
                    : '—'}
                </dd>
              </div>
            </dl>
            <div className="table-scroll">
              <table className="table" data-testid="plan-programs">
                <thead>
                  <tr>
                    <th>{t('plan.programme')}</th>
                    <th>{t('plan.route')}</th>
                    <th className="num">{t('plan.quota')}</th>
                    <th className="num">{t('plan.matching')}</th>
                    <th className="num">{t('plan.people')}</th>
                    <th className="num">{t('plan.costPeriod', { months })}</th>
                    <th className="num">{t('plan.perMonth')}</th>
                    <th className="num">{t('plan.perYear')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.programs.map((p, i) => {
                    const total = sum(p.cost);
                    return (
                      <tr key={p.code}>
                        <td>
                          <strong>{p.code}</strong>
                          <div className="field__hint">{draft.programs[i]?.name}</div>
                        </td>
                        <td>{t(`plan.routes.${p.route}`)}</td>
                        <td className="num">
                          <input
                            type="number"
                            min={0}
                            className="plan-quota"
                            aria-label={`${t('plan.quota')} ${p.code}`}
                            value={draft.programs[i]?.quota ?? ''}
                            placeholder="∞"
                            onChange={(e) => setQuota(i, e.target.value === '' ? null : Number(e.target.value))}
                            disabled={!canEdit}
                          />
                        </td>
                        <td className="num">{f.num(counts.data?.programs[i]?.matching ?? null)}</td>
                        <td className="num">{f.num(p.people)}</td>
                        <td className="num">{f.rupiah(total)}</td>
                        <td className="num">{f.rupiah(Math.round(total / months))}</td>
                        <td className="num">{f.rupiah(Math.round((total * 12) / months))}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="table-scroll">
              <table className="table" data-testid="plan-funders">
                <thead>
                  <tr>
                    <th>{t('plan.funder')}</th>
                    <th className="num">{t('plan.budget')}</th>
                    <th className="num">{t('plan.spent')}</th>
                    <th className="num">{t('plan.remaining')}</th>
                    <th className="num">{t('plan.perMonth')}</th>
                    <th className="num">{t('plan.perYear')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.funders.map((x) => (
                    <tr key={x.funder}>
                      <td>{x.funder}</td>
                      <td className="num">{f.rupiah(x.budget)}</td>
                      <td className="num">{f.rupiah(x.spent)}</td>
                      <td className="num">{f.rupiah(x.budget - x.spent)}</td>
                      <td className="num">{f.rupiah(Math.round(x.spent / months))}</td>
                      <td className="num">{f.rupiah(Math.round((x.spent * 12) / months))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <ProjectionPanel result={result} />
        </>
      )}

      <section className="panel" aria-labelledby="plan-saved">
        <header className="panel__header">
          <h2 id="plan-saved">{t('plan.saved')}</h2>
          <p className="panel__hint">{t('plan.savedHint')}</p>
        </header>
        {canEdit && (
          <div className="plan-grid">
            <label className="field">
              <span className="field__label">{t('plan.name')}</span>
              <input value={planName} onChange={(e) => setPlanName(e.target.value)} maxLength={200} />
            </label>
            <button type="button" className="button" onClick={() => savePlan.mutate()} disabled={savePlan.isPending} data-testid="plan-save">
              {savePlan.isPending ? t('common.saving') : t('plan.savePlan')}
            </button>
          </div>
        )}
        {savePlan.isError && <p className="field__hint field__hint--error">{savePlan.error.message}</p>}
        {can(me.role, 'POST /api/v1/payments') && <PaymentsUpload />}
        <table className="table" data-testid="plan-list">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('plan.name')}</th>
              <th>{t('plan.date')}</th>
              <th>{t('plan.by')}</th>
              <th>{t('plan.at')}</th>
              <th>{t('plan.cases.title')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(plans.data?.items ?? []).map((p) => (
              <tr key={p.id}>
                <td>{p.id}</td>
                <td>{p.name ?? '—'}</td>
                <td>{f.date(p.date)}</td>
                <td>{p.createdBy}</td>
                <td>{f.dateTime(p.createdAt)}</td>
                <td>{can(me.role, 'GET /api/v1/funding-cases') ? <PlanCases planId={p.id} /> : '—'}</td>
                <td>
                  {can(me.role, 'GET /api/v1/plans/saved/:id/export') && (
                    <>
                      <a className="link" href={apiUrl(`/plans/saved/${p.id}/export`, { format: 'xlsx' })}>
                        Excel
                      </a>{' '}
                      <a className="link" href={apiUrl(`/plans/saved/${p.id}/export`, { format: 'pdf' })}>
                        PDF
                      </a>{' '}
                      <a className="link" href={apiUrl(`/plans/saved/${p.id}/files/bpjs`)} data-testid={`bpjs-file-${p.id}`}>
                        {t('plan.cases.bpjsFile')}
                      </a>{' '}
                      <a className="link" href={apiUrl(`/plans/saved/${p.id}/files/dinsos`)}>
                        {t('plan.cases.dinsosFile')}
                      </a>
                      {Object.keys(draft.budgets).map((funder) => (
                        <span key={funder}>
                          {' '}
                          <a className="link" href={apiUrl('/ledger/statement', { planId: p.id, funder, format: 'xlsx' })}>
                            {t('plan.ledger.statement', { funder })}
                          </a>
                        </span>
                      ))}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** The projected active rate per kecamatan against today's, as a chart and a table, and for the district. */
function ProjectionPanel({ result }: { result: PlanSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = result.projection.rows;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 150, right: 24, top: 30, bottom: 24 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => f.pct(Number(v)) },
      xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
      series: [
        {
          name: t('plan.activeNow'),
          type: 'bar',
          data: rows.map((r) => result.current.rows.find((c) => c.code === r.code)?.activeRate ?? 0),
          itemStyle: { color: COLORS.coverage },
        },
        { name: t('plan.activeProjected'), type: 'bar', data: rows.map((r) => r.activeRate), itemStyle: { color: COLORS.active } },
      ],
    }),
    [rows, result, t, f],
  );
  return (
    <section className="panel" aria-labelledby="plan-projection">
      <header className="panel__header">
        <h2 id="plan-projection">{t('plan.projection')}</h2>
        <p className="panel__hint">{t('plan.projectionHint')}</p>
      </header>
      <Chart option={option} height={Math.max(240, rows.length * 26 + 60)} label={t('plan.projection')} />
      <div className="table-scroll">
        <table className="table" data-testid="plan-projection">
          <thead>
            <tr>
              <th>{t('plan.area')}</th>
              <th className="num">{t('plan.population')}</th>
              <th className="num">{t('plan.activeNow')}</th>
              <th className="num">{t('plan.activeProjectedCount')}</th>
              <th className="num">{t('plan.activeProjected')}</th>
              <th className="num">{t('plan.coverage')}</th>
            </tr>
          </thead>
          <tbody>
            {[...rows, result.projection.total].map((r, i) => (
              <tr key={r.code} className={i === rows.length ? 'table__total' : undefined}>
                <td>{r.name}</td>
                <td className="num">{f.num(r.population)}</td>
                <td className="num">{f.pct((i === rows.length ? result.current.total : result.current.rows.find((c) => c.code === r.code))?.activeRate ?? null)}</td>
                <td className="num">{f.num(r.active)}</td>
                <td className="num">{f.pct(r.activeRate)}</td>
                <td className="num">{f.pct(r.coverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A saved plan's cases by status, with bulk approve (never by the proposer: the server refuses) and send. */
function PlanCases({ planId }: { planId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const cases = useQuery({ queryKey: ['funding-cases', planId], queryFn: () => api<{ byStatus: Record<string, number> }>('/funding-cases', { query: { planId, pageSize: 1 } }) });
  const move = useMutation({
    mutationFn: (body: { from: string; to: string }) => send<{ moved: number }>('POST', '/funding-cases/transition', { planId, ...body }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['funding-cases', planId] }),
  });
  const by = cases.data?.byStatus ?? {};
  const statuses = Object.entries(by);
  return (
    <div data-testid={`plan-cases-${planId}`}>
      <span>{statuses.length === 0 ? '—' : statuses.map(([status, n]) => `${t(`plan.cases.status.${status}`)} ${f.num(n)}`).join(' · ')}</span>
      <div className="plan-actions">
        {(by.proposed ?? 0) > 0 && (
          <button type="button" className="button button--secondary button--small" onClick={() => move.mutate({ from: 'proposed', to: 'approved' })} disabled={move.isPending} data-testid={`approve-${planId}`}>
            {t('plan.cases.approveAll')}
          </button>
        )}
        {(by.approved ?? 0) > 0 && (
          <button type="button" className="button button--secondary button--small" onClick={() => move.mutate({ from: 'approved', to: 'sent' })} disabled={move.isPending} data-testid={`send-${planId}`}>
            {t('plan.cases.sendAll')}
          </button>
        )}
      </div>
      {move.isError && (
        <p className="field__hint field__hint--error" role="alert">
          {/own_proposal/.test(move.error.message) ? t('plan.cases.ownProposal') : move.error.message}
        </p>
      )}
    </div>
  );
}

/** Upload a `pembayaran` CSV: all or nothing; every bad row is listed. */
function PaymentsUpload() {
  const { t } = useTranslation();
  const f = useFormat();
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file);
      const response = await fetch(apiUrl('/payments'), { method: 'POST', body: form, credentials: 'same-origin' });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw Object.assign(new Error(data.error ?? `HTTP ${response.status}`), { rows: (data.errors ?? []) as { line: number; column: string; reason: string }[] });
      return data as { imported: number; total: number };
    },
  });
  const rows = (upload.error as { rows?: { line: number; column: string; reason: string }[] } | null)?.rows ?? [];
  return (
    <div className="field">
      <span className="field__label">{t('plan.ledger.payments')}</span>
      <span className="field__hint">{t('plan.ledger.paymentsHint')}</span>
      <input type="file" accept=".csv,text/csv" onChange={(e) => e.target.files?.[0] && upload.mutate(e.target.files[0])} data-testid="payments-file" />
      {upload.data && <p className="field__hint field__hint--ok">{t('plan.ledger.imported', { n: f.num(upload.data.imported), total: f.rupiah(upload.data.total) })}</p>}
      {upload.isError && (
        <div className="field__hint field__hint--error" role="alert">
          <p>{upload.error.message}</p>
          <ul>
            {rows.map((r) => (
              <li key={`${r.line}:${r.column}`}>
                {t('plan.ledger.row', { line: r.line, column: r.column || '-' })}: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
