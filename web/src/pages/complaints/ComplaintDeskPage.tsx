import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Pager } from '../../components/Pager.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { allowedTransitions } from '../../../../src/domain/quality/complaints.ts';
import { can } from '../../lib/access.ts';
import { api, type Me } from '../../lib/api.ts';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_OFFICES,
  COMPLAINT_STATUSES,
  type ComplaintDetail,
  type ComplaintItem,
  type ComplaintNotification,
  type SlaColour,
} from '../../lib/complaints.ts';
import { useFormat } from '../../lib/format.ts';
import { ComplaintIntake } from './ComplaintIntake.tsx';
import { HolidayEditor } from './HolidayEditor.tsx';
import { ComplaintSla } from './ComplaintSla.tsx';

const PAGE_SIZE = 50;
const STAFF_MOVES = ['in_progress', 'answered', 'closed', 'escalated'] as const;

/**
 * The complaint desk. Officers (admin, dinkes): every complaint, filters, SLA colours, bulk assignment,
 * the identity when the complainant shared it. A facility (faskes): only what is assigned to it, and
 * what the complainants said, never who they are.
 */
export function ComplaintDeskPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const f = useFormat();
  const officer = can(me.role, 'POST /api/v1/complaints/assign');
  const [status, setStatus] = useState('open');
  const [category, setCategory] = useState('');
  const [facility, setFacility] = useState('');
  const [sla, setSla] = useState<SlaColour | ''>('');
  const [overdue, setOverdue] = useState(false);
  const [escalated, setEscalated] = useState(false);
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const query = { status, category, facility: officer ? facility : '', sla, overdue: overdue ? 'true' : '', escalated: escalated ? 'true' : '', page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['complaints', query],
    queryFn: () => api<{ total: number; items: ComplaintItem[] }>('/complaints', { query }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const notes = useQuery({ queryKey: ['complaint-notifications'], queryFn: () => api<{ items: ComplaintNotification[] }>('/complaints/notifications'), refetchInterval: 30_000 });
  const filter = (set: (v: never) => void) => (value: unknown) => {
    set(value as never);
    setPage(1);
  };

  return (
    <div className="page complaint-desk" data-testid="complaint-desk">
      <header className="page__head">
        <h1>{officer ? t('complaints.desk.title') : t('complaints.desk.facilityTitle', { facility: me.facilityCode ?? '' })}</h1>
        <p className="muted">{officer ? t('complaints.desk.intro') : t('complaints.desk.facilityIntro')}</p>
      </header>
      {can(me.role, 'POST /api/v1/complaints/entries') && <ComplaintIntake />}
      {can(me.role, 'PUT /api/v1/complaints/holidays') && <HolidayEditor />}
      {notes.data && notes.data.items.length > 0 && (
        <section className="notes" data-testid="complaint-notifications" aria-label={t('complaints.desk.notifications')}>
          <h2 className="section-title">{t('complaints.desk.notifications')}</h2>
          <ul>
            {notes.data.items.slice(0, 5).map((n) => (
              <li key={n.id}>
                <button type="button" className="link" onClick={() => setSelected(n.complaintId)}>
                  {n.text}
                </button>{' '}
                <span className="muted small">{f.dateTime(n.at)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="filters filters--wide">
        <label>
          {t('complaints.fields.status')}
          <select value={status} onChange={(e) => filter(setStatus)(e.target.value)} data-testid="filter-status">
            <option value="open">{t('complaints.desk.open')}</option>
            <option value="all">{t('complaints.desk.all')}</option>
            {COMPLAINT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`complaints.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('complaints.fields.category')}
          <select value={category} onChange={(e) => filter(setCategory)(e.target.value)} data-testid="filter-category">
            <option value="">{t('complaints.desk.all')}</option>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`complaints.categories.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {officer && (
          <label>
            {t('complaints.fields.assignedFacility')}
            <input value={facility} onChange={(e) => filter(setFacility)(e.target.value.trim())} maxLength={32} data-testid="filter-facility" />
          </label>
        )}
        <label>
          SLA
          <select value={sla} onChange={(e) => filter(setSla)(e.target.value)} data-testid="filter-sla">
            <option value="">{t('complaints.desk.all')}</option>
            {(['MERAH', 'KUNING', 'HIJAU'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`complaints.sla.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => filter(setOverdue)(e.target.checked)} data-testid="filter-overdue" /> {t('complaints.desk.overdue')}
        </label>
        <label className="check">
          <input type="checkbox" checked={escalated} onChange={(e) => filter(setEscalated)(e.target.checked)} data-testid="filter-escalated" /> {t('complaints.desk.escalated')}
        </label>
      </div>
      {officer && picked.size > 0 && <BulkAssign ids={[...picked]} onDone={() => setPicked(new Set())} />}
      {list.isPending ? (
        <Loading label={t('common.loading')} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <div className="table-scroll">
            <table className="table table--stack" data-testid="complaint-list">
              <thead>
                <tr>
                  {officer && <th aria-label={t('complaints.desk.pick')} />}
                  <th>{t('complaints.fields.trackingCode')}</th>
                  <th>{t('complaints.fields.category')}</th>
                  <th>{t('complaints.fields.status')}</th>
                  <th>SLA</th>
                  <th>{t('complaints.fields.dueAt')}</th>
                  <th>{t('complaints.fields.assignedTo')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={7} className="table__empty">
                      {t('complaints.desk.none')}
                    </td>
                  </tr>
                )}
                {list.data.items.map((c) => (
                  <tr key={c.id} data-testid="complaint-row" data-tracking={c.trackingCode} data-status={c.status}>
                    {officer && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('complaints.desk.pickOne', { code: c.trackingCode })}
                          checked={picked.has(c.id)}
                          onChange={(e) => {
                            const next = new Set(picked);
                            if (e.target.checked) next.add(c.id);
                            else next.delete(c.id);
                            setPicked(next);
                          }}
                          data-testid="complaint-pick"
                        />
                      </td>
                    )}
                    <td data-label={t('complaints.fields.trackingCode')}>
                      <button type="button" className="link" onClick={() => setSelected(c.id)} data-testid="complaint-open">
                        {c.trackingCode}
                      </button>
                      {c.escalatedAt && <span className="badge badge--none"> {t('complaints.desk.escalatedBadge')}</span>}
                    </td>
                    <td data-label={t('complaints.fields.category')}>{t(`complaints.categories.${c.category}`)}</td>
                    <td data-label={t('complaints.fields.status')}>{t(`complaints.status.${c.status}`)}</td>
                    <td data-label="SLA">
                      <ComplaintSla sla={c.sla} />
                    </td>
                    <td data-label={t('complaints.fields.dueAt')}>{f.dateTime(c.dueAt)}</td>
                    <td data-label={t('complaints.fields.assignedTo')}>{c.assignedFacility ?? (c.assignedOffice ? t(`complaints.offices.${c.assignedOffice}`) : '—')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
        </>
      )}
      {selected && <ComplaintPanel id={selected} officer={officer} onClose={() => setSelected(null)} />}
    </div>
  );
}

function BulkAssign({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<'facility' | 'office'>('facility');
  const [facility, setFacility] = useState('');
  const [office, setOffice] = useState<string>('dinkes');
  const assign = useMutation({
    mutationFn: () => api('/complaints/assign', { method: 'POST', json: kind === 'facility' ? { ids, facilityCode: facility.trim() } : { ids, office } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['complaints'] });
      void client.invalidateQueries({ queryKey: ['complaint'] });
      onDone();
    },
  });
  return (
    <form
      className="bulk"
      onSubmit={(e) => {
        e.preventDefault();
        if (kind === 'office' || facility.trim()) assign.mutate();
      }}
      data-testid="bulk-assign"
    >
      <strong>{t('complaints.desk.picked', { count: ids.length })}</strong>
      <select value={kind} onChange={(e) => setKind(e.target.value as 'facility' | 'office')} aria-label={t('complaints.desk.assignTo')}>
        <option value="facility">{t('complaints.desk.toFacility')}</option>
        <option value="office">{t('complaints.desk.toOffice')}</option>
      </select>
      {kind === 'facility' ? (
        <input value={facility} onChange={(e) => setFacility(e.target.value)} placeholder="PKM-01" aria-label={t('complaints.fields.assignedFacility')} data-testid="bulk-facility" />
      ) : (
        <select value={office} onChange={(e) => setOffice(e.target.value)} aria-label={t('complaints.desk.toOffice')}>
          {COMPLAINT_OFFICES.map((o) => (
            <option key={o} value={o}>
              {t(`complaints.offices.${o}`)}
            </option>
          ))}
        </select>
      )}
      <button type="submit" className="button button--small" disabled={assign.isPending} data-testid="bulk-submit">
        {t('complaints.desk.assign')}
      </button>
      {assign.isError && <span className="alert alert--error">{assign.error.message}</span>}
    </form>
  );
}

function ComplaintPanel({ id, officer, onClose }: { id: string; officer: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['complaint', id], queryFn: () => api<ComplaintDetail>(`/complaints/${id}`) });
  const done = () => {
    void client.invalidateQueries({ queryKey: ['complaint', id] });
    void client.invalidateQueries({ queryKey: ['complaints'] });
  };
  const [message, setMessage] = useState('');
  const [resolution, setResolution] = useState('');
  const [note, setNote] = useState('');
  const send = useMutation({ mutationFn: (text: string) => api(`/complaints/${id}/messages`, { method: 'POST', json: { text } }), onSuccess: () => (setMessage(''), done()) });
  const move = useMutation({ mutationFn: (to: string) => api(`/complaints/${id}/transition`, { method: 'POST', json: { to, ...(note.trim() ? { note: note.trim() } : {}) } }), onSuccess: done });
  const resolve = useMutation({ mutationFn: (text: string) => api(`/complaints/${id}/resolve`, { method: 'POST', json: { resolution: text } }), onSuccess: done });

  if (detail.isPending) return <Loading label={t('common.loading')} />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const c = detail.data;
  const allowed = allowedTransitions(c.status, officer ? 'officer' : 'assignee');
  const moves = STAFF_MOVES.filter((s) => allowed.includes(s));
  return (
    <section className="complaint-panel" data-testid="complaint-panel" data-status={c.status} aria-label={c.trackingCode}>
      <header className="complaint-panel__head">
        <h2>
          {c.trackingCode} <ComplaintSla sla={c.sla} />
        </h2>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          {t('complaints.desk.close')}
        </button>
      </header>
      <dl className="facts">
        <div>
          <dt>{t('complaints.fields.category')}</dt>
          <dd>
            {t(`complaints.categories.${c.category}`)} · {t(`complaints.severities.${c.severity}`)}
          </dd>
        </div>
        <div>
          <dt>{t('complaints.fields.status')}</dt>
          <dd data-testid="panel-status">{t(`complaints.status.${c.status}`)}</dd>
        </div>
        <div>
          <dt>{t('complaints.fields.channel')}</dt>
          <dd>
            {t(`complaints.channels.${c.channel}`)}
            {c.externalId ? ` (${c.externalId})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('complaints.fields.dueAt')}</dt>
          <dd>{f.dateTime(c.dueAt)}</dd>
        </div>
        {c.escalatedAt && (
          <div>
            <dt>{t('complaints.desk.escalated')}</dt>
            <dd data-testid="panel-escalated">{t('complaints.desk.escalatedTo', { date: f.dateTime(c.escalatedAt) })}</dd>
          </div>
        )}
        {officer && (
          <div>
            <dt>{t('complaints.fields.identity')}</dt>
            <dd data-testid="panel-identity">
              {c.identity ? [c.identity.name, c.identity.phone, c.identity.email].filter(Boolean).join(' · ') : t('complaints.desk.anonymous')}
            </dd>
          </div>
        )}
        {c.rating !== null && (
          <div>
            <dt>{t('complaints.fields.rating')}</dt>
            <dd>{'★'.repeat(c.rating)}</dd>
          </div>
        )}
      </dl>
      <h3 className="section-title">{t('complaints.fields.description')}</h3>
      <p className="complaint-panel__text" data-testid="panel-description">
        {c.description}
      </p>
      <h3 className="section-title">{t('complaints.track.messages')}</h3>
      <ol className="messages">
        {c.messages.map((m, i) => (
          <li key={i} className={`message message--${m.from}`}>
            <span className="muted small">
              {m.from === 'staff' && m.username ? m.username : t(`complaints.from.${m.from}`)} · {f.dateTime(m.at)}
            </span>
            <p>{m.text}</p>
          </li>
        ))}
      </ol>
      {c.status !== 'closed' && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (message.trim()) send.mutate(message.trim());
          }}
        >
          <textarea rows={2} value={message} onChange={(e) => setMessage(e.target.value)} placeholder={t('complaints.desk.messagePlaceholder')} data-testid="panel-message" />
          <button type="submit" className="button button--secondary button--small" disabled={!message.trim() || send.isPending} data-testid="panel-send">
            {t('complaints.track.send')}
          </button>
        </form>
      )}
      {(moves.length > 0 || allowed.includes('resolved')) && (
        <div className="form">
          <h3 className="section-title">{t('complaints.desk.actions')}</h3>
          {moves.length > 0 && (
            <>
              <input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('complaints.desk.note')} aria-label={t('complaints.desk.note')} />
              <div className="button-row">
                {moves.map((to) => (
                  <button key={to} type="button" className="button button--secondary button--small" onClick={() => move.mutate(to)} disabled={move.isPending} data-testid={`move-${to}`}>
                    {t(`complaints.moves.${to}`)}
                  </button>
                ))}
              </div>
            </>
          )}
          {allowed.includes('resolved') && (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                if (resolution.trim()) resolve.mutate(resolution.trim());
              }}
            >
              <textarea rows={2} value={resolution} onChange={(e) => setResolution(e.target.value)} placeholder={t('complaints.desk.resolution')} data-testid="panel-resolution" />
              <button type="submit" className="button button--small" disabled={!resolution.trim() || resolve.isPending} data-testid="panel-resolve">
                {t('complaints.moves.resolved')}
              </button>
            </form>
          )}
          {[move, resolve, send].map((m, i) => m.isError && <p key={i} className="alert alert--error" role="alert">{m.error.message}</p>)}
        </div>
      )}
      <h3 className="section-title">{t('complaints.desk.history')}</h3>
      <ol className="history" data-testid="panel-history">
        {c.history.map((h, i) => (
          <li key={i}>
            <span className="muted small">{f.dateTime(h.at)}</span> {t(`complaints.status.${h.toStatus}`)} — {h.username ?? t(`complaints.actors.${h.actor}`)}
            {h.note ? `: ${h.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
