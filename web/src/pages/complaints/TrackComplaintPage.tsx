import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { api, isApiError } from '../../lib/api.ts';
import { parseTrackingCode, type Tracked } from '../../lib/complaints.ts';
import { useFormat } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';
import { ComplaintSla } from './ComplaintSla.tsx';
import { PublicFrame } from '../../components/PublicFrame.tsx';
import { ComplaintLinks } from './PublicComplaintPage.tsx';

/** The complainant follows a complaint by its tracking code: status, SLA, messages, reply, rating. */
export function TrackComplaintPage({ code }: { code: string | null }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(code ?? '');
  const inputId = useId();
  const parsed = code ? parseTrackingCode(code) : null;
  const open = (event: FormEvent) => {
    event.preventDefault();
    const c = parseTrackingCode(typed);
    if (c) navigate({ page: 'complaintTrack', code: c });
  };
  return (
    <PublicFrame foot={<ComplaintLinks />} title={t('complaints.track.title')} intro={t('complaints.track.intro')}>
      <form className="form" onSubmit={open} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            {t('complaints.track.code')}
          </label>
          <input id={inputId} value={typed} onChange={(e) => setTyped(e.target.value)} autoCapitalize="characters" autoComplete="off" spellCheck={false} data-testid="track-code" />
          {typed !== '' && !parseTrackingCode(typed) && <span className="field__hint">{t('complaints.track.codeHint')}</span>}
        </div>
        <button type="submit" className="button button--block button--secondary" data-testid="track-open">
          {t('complaints.track.open')}
        </button>
      </form>
      {code && !parsed && <p className="alert alert--error">{t('complaints.track.notFound')}</p>}
      {parsed && <Tracking code={parsed} />}
    </PublicFrame>
  );
}

function Tracking({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const key = ['complaint-track', code];
  const tracked = useQuery({ queryKey: key, queryFn: () => api<Tracked>(`/complaints/track/${encodeURIComponent(code)}`), retry: false });
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const reply = useMutation({ mutationFn: (text: string) => api(`/complaints/track/${encodeURIComponent(code)}/messages`, { method: 'POST', json: { text } }), onSuccess: refresh });
  const rate = useMutation({
    mutationFn: (body: { rating: number; comment?: string }) => api(`/complaints/track/${encodeURIComponent(code)}/rating`, { method: 'POST', json: body }),
    onSuccess: refresh,
  });
  const followUp = useMutation({ mutationFn: (fixed: boolean) => api(`/complaints/track/${encodeURIComponent(code)}/follow-up`, { method: 'POST', json: { fixed } }), onSuccess: refresh });
  const [text, setText] = useState('');
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');

  if (tracked.isPending) return <Loading label={t('common.loading')} />;
  if (tracked.isError) {
    if (isApiError(tracked.error, 404)) return <p className="alert alert--error" data-testid="track-missing">{t('complaints.track.notFound')}</p>;
    return <ErrorState error={tracked.error} onRetry={() => void tracked.refetch()} />;
  }
  const c = tracked.data;
  const followUpOpen = c.followUpAt !== null && c.fixed === null && new Date(c.followUpAt).getTime() <= Date.now();
  return (
    <section className="track" data-testid="track-result" data-status={c.status}>
      <dl className="facts">
        <div>
          <dt>{t('complaints.fields.trackingCode')}</dt>
          <dd className="tracking-code tracking-code--small">{c.trackingCode}</dd>
        </div>
        <div>
          <dt>{t('complaints.fields.category')}</dt>
          <dd>{t(`complaints.categories.${c.category}`)}</dd>
        </div>
        <div>
          <dt>{t('complaints.fields.status')}</dt>
          <dd data-testid="track-status">{t(`complaints.status.${c.status}`)}</dd>
        </div>
        <div>
          <dt>{t('complaints.fields.dueAt')}</dt>
          <dd>{f.dateTime(c.dueAt)}</dd>
        </div>
        <div>
          <dt>SLA</dt>
          <dd>
            <ComplaintSla sla={c.sla} />
          </dd>
        </div>
      </dl>
      <h2 className="section-title">{t('complaints.track.messages')}</h2>
      <ol className="messages" data-testid="track-messages">
        {c.messages.length === 0 && <li className="muted">{t('complaints.track.noMessages')}</li>}
        {c.messages.map((m, i) => (
          <li key={i} className={`message message--${m.from}`}>
            <span className="muted small">
              {t(`complaints.from.${m.from}`)} · {f.dateTime(m.at)}
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
            if (text.trim()) reply.mutate(text.trim(), { onSuccess: () => setText('') });
          }}
        >
          <label className="field__label" htmlFor="track-reply">
            {t('complaints.track.reply')}
          </label>
          <textarea id="track-reply" rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} data-testid="track-reply" />
          <button type="submit" className="button button--secondary" disabled={reply.isPending || !text.trim()} data-testid="track-send">
            {t('complaints.track.send')}
          </button>
        </form>
      )}
      {c.status === 'resolved' && c.rating === null && (
        <form
          className="form rating"
          onSubmit={(e) => {
            e.preventDefault();
            if (stars > 0) rate.mutate({ rating: stars, ...(comment.trim() ? { comment: comment.trim() } : {}) });
          }}
          data-testid="track-rating"
        >
          <p className="field__label">{t('complaints.track.rateTitle')}</p>
          <div className="rating__stars" role="radiogroup" aria-label={t('complaints.track.rateTitle')}>
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                role="radio"
                aria-checked={stars === n}
                className={stars >= n ? 'rating__star rating__star--on' : 'rating__star'}
                onClick={() => setStars(n)}
                aria-label={t('complaints.track.stars', { count: n })}
                data-testid={`rate-${n}`}
              >
                ★
              </button>
            ))}
          </div>
          <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('complaints.track.rateComment')} maxLength={2000} />
          <button type="submit" className="button" disabled={stars === 0 || rate.isPending} data-testid="rate-submit">
            {t('complaints.track.rateSubmit')}
          </button>
        </form>
      )}
      {c.rating !== null && (
        <p className="alert alert--success" data-testid="track-rated">
          {t('complaints.track.rated', { count: c.rating })}
        </p>
      )}
      {followUpOpen && (
        <div className="form" data-testid="track-follow-up">
          <p className="field__label">{t('complaints.track.followUp')}</p>
          <div className="button-row">
            <button type="button" className="button" onClick={() => followUp.mutate(true)} disabled={followUp.isPending}>
              {t('complaints.track.fixedYes')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => followUp.mutate(false)} disabled={followUp.isPending}>
              {t('complaints.track.fixedNo')}
            </button>
          </div>
        </div>
      )}
      {c.fixed !== null && <p className="muted">{c.fixed ? t('complaints.track.answeredFixed') : t('complaints.track.answeredNotFixed')}</p>}
      {[reply, rate, followUp].map((m, i) => m.isError && <p key={i} className="alert alert--error" role="alert">{isApiError(m.error, 429) ? t('complaints.public.tooMany') : m.error.message}</p>)}
    </section>
  );
}
