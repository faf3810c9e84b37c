import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Fact } from '../../components/Fact.tsx';
import { SlaBadge } from '../../components/SlaBadge.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { api, isApiError, type CaseDetail, type CaseStatus } from '../../lib/api.ts';
import { canMove, caseNumber, caseSla } from '../../lib/cases.ts';
import { useFormat } from '../../lib/format.ts';

/** The moves an office makes, in the order the buttons show. */
const MOVES: CaseStatus[] = ['in_progress', 'done', 'rejected'];
const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** One case beside the worklist: its facts, its history and the buttons that move it on. */
export function CaseDrawer({ id, now, onClose }: { id: string; now: Date; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => api<CaseDetail>(`/cases/${encodeURIComponent(id)}`) });

  // Focus moves into the drawer and, when it closes, back to where it was.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    return () => before?.focus();
  }, []);

  // Escape closes it wherever focus is (a button that just went away leaves focus on the page body).
  useEffect(() => {
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !panel.current) return;
    // keep Tab inside the dialog
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && (document.activeElement === first || document.activeElement === heading.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="drawer" onKeyDown={onKeyDown}>
      <div className="drawer__backdrop" onClick={onClose} aria-hidden="true" />
      <aside ref={panel} className="drawer__panel" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="case-drawer">
        <header className="drawer__header">
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {t('cases.drawer.title', { number: caseNumber(id) })}
          </h2>
          <button type="button" className="button button--ghost button--small" onClick={onClose} data-testid="case-close">
            {t('cases.drawer.close')} <kbd>Esc</kbd>
          </button>
        </header>
        {detail.isPending ? (
          <Loading />
        ) : detail.isError ? (
          <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
        ) : (
          <div className="drawer__body">
            <div className="drawer__status">
              <span className={`status status--case-${detail.data.status}`} data-testid="case-status" data-status={detail.data.status}>
                {t(`cases.status.${detail.data.status}`)}
              </span>
              {(detail.data.status === 'open' || detail.data.status === 'in_progress') && <SlaBadge state={caseSla(detail.data, now)} />}
            </div>
            <dl className="facts facts--drawer">
              <Fact label={t('cases.columns.route')}>{t(`routes.${detail.data.route}`)}</Fact>
              <Fact label={t('cases.columns.office')}>{t(`offices.${detail.data.ownerOffice}`)}</Fact>
              <Fact label={t('cases.columns.nik')}>
                <span className="code">{detail.data.nikMasked}</span>
              </Fact>
              <Fact label={t('cases.columns.opened')}>
                {f.dateTime(detail.data.openedAt)}
                <span className="muted small block">{[detail.data.openedBy, detail.data.facilityCode].filter(Boolean).join(' · ')}</span>
              </Fact>
              <Fact label={t('cases.columns.due')}>
                {f.dateTime(detail.data.dueAt)} <span className="muted">({f.relative(detail.data.dueAt, now)})</span>
              </Fact>
              <Fact label={t('cases.drawer.id')}>
                <span className="code small">{detail.data.id}</span>
              </Fact>
              <Fact label={t('cases.drawer.basis')}>
                <span lang="en" className="small">
                  {detail.data.basis}
                </span>
              </Fact>
            </dl>
            <MoveForm detail={detail.data} onMoved={() => heading.current?.focus()} />
            <section aria-labelledby={`${titleId}-history`}>
              <h3 id={`${titleId}-history`} className="subhead">
                {t('cases.drawer.history')}
              </h3>
              <ol className="history" data-testid="case-history">
                {detail.data.history.map((event, index) => (
                  <li key={`${event.at}-${index}`} className="history__item">
                    <span className="history__what">
                      {event.fromStatus ? `${t(`cases.status.${event.fromStatus}`)} → ` : ''}
                      <strong>{t(`cases.status.${event.toStatus}`)}</strong>
                    </span>
                    <span className="muted small">
                      {f.dateTime(event.at)}
                      {event.username && ` · ${event.username}`}
                    </span>
                    {event.note && <span className="history__note">{event.note}</span>}
                  </li>
                ))}
              </ol>
            </section>
          </div>
        )}
      </aside>
    </div>
  );
}

function MoveForm({ detail, onMoved }: { detail: CaseDetail; onMoved: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const noteId = useId();
  const [note, setNote] = useState('');
  const [needsNote, setNeedsNote] = useState(false);
  const moves = MOVES.filter((to) => canMove(detail.status, to));

  const move = useMutation({
    mutationFn: (to: CaseStatus) =>
      api<CaseDetail>(`/cases/${encodeURIComponent(detail.id)}/transition`, { method: 'POST', json: { to, note: note.trim() || null } }),
    onSuccess: (updated) => {
      client.setQueryData(['case', detail.id], updated);
      setNote('');
      // the button pressed may be gone now: keep focus inside the drawer
      onMoved();
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (error) => {
      // someone else moved it first: show the case as it is now
      if (isApiError(error, 409)) void client.invalidateQueries({ queryKey: ['case', detail.id] });
    },
  });

  if (moves.length === 0) return null;
  const run = (to: CaseStatus) => {
    // a rejection says why, for the resident and the record
    if (to === 'rejected' && note.trim() === '') {
      setNeedsNote(true);
      document.getElementById(noteId)?.focus();
      return;
    }
    setNeedsNote(false);
    move.mutate(to);
  };

  return (
    <section className="move" aria-label={t('cases.drawer.move')}>
      <label className="field" htmlFor={noteId}>
        <span className="field__label">{t('cases.drawer.note')}</span>
        <textarea
          id={noteId}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={2000}
          rows={3}
          placeholder={t('cases.drawer.notePlaceholder')}
          aria-invalid={needsNote}
          aria-describedby={`${noteId}-hint`}
          data-testid="case-note"
        />
        <span id={`${noteId}-hint`} className={needsNote ? 'field__hint field__hint--error' : 'field__hint'}>
          {needsNote ? t('cases.drawer.rejectNeedsNote') : t('cases.drawer.noteHint')}
        </span>
      </label>
      <div className="move__buttons">
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'rejected' ? 'button button--danger' : 'button'}
            disabled={move.isPending}
            onClick={() => run(to)}
            data-testid={`case-move-${to}`}
          >
            {t(`cases.moves.${to}`)}
          </button>
        ))}
      </div>
      {move.isError && (
        <p className="alert alert--error" role="alert">
          {isApiError(move.error, 409) ? t('cases.drawer.conflict') : move.error.message || t('common.error')}
        </p>
      )}
      {move.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('cases.drawer.moved', { status: t(`cases.status.${move.data.status}`) })}
        </p>
      )}
    </section>
  );
}
