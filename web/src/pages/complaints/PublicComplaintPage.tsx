import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PublicFrame } from '../../components/PublicFrame.tsx';
import { api, isApiError } from '../../lib/api.ts';
import { COMPLAINT_CATEGORIES, type ComplaintCategory, type Filed } from '../../lib/complaints.ts';
import { useFormat } from '../../lib/format.ts';
import { href } from '../../lib/router.ts';

/** The foot of the complaint pages: a new complaint, follow one, or the staff's login. */
export function ComplaintLinks() {
  const { t } = useTranslation();
  return (
    <>
      <a href={href({ page: 'complaintForm' })}>{t('complaints.public.newLink')}</a> · <a href={href({ page: 'complaintTrack', code: null })}>{t('complaints.public.trackLink')}</a> ·{' '}
      <a href={href({ page: 'dashboard', kecamatan: null })}>{t('selfCheck.staffLogin')}</a>
    </>
  );
}

/** The public complaint form: anonymous unless the complainant ticks "share my identity". */
export function PublicComplaintPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const ids = { category: useId(), facility: useId(), description: useId(), name: useId(), phone: useId(), email: useId() };
  const [category, setCategory] = useState<ComplaintCategory | ''>('');
  const [facility, setFacility] = useState('');
  const [description, setDescription] = useState('');
  const [share, setShare] = useState(false);
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [submitted, setSubmitted] = useState(false);

  const file = useMutation({
    mutationFn: (body: object) => api<Filed>('/complaints', { method: 'POST', json: body }),
  });
  const missing = { category: category === '', description: description.trim() === '' };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (missing.category || missing.description || file.isPending) return;
    file.mutate({
      category,
      description: description.trim(),
      ...(facility.trim() ? { facilityCode: facility.trim() } : {}),
      // Anonymous by default: without the tick, no contact detail leaves the phone.
      ...(share ? { contact: { name: contact.name.trim(), phone: contact.phone.trim(), email: contact.email.trim() }, shareIdentity: true } : { shareIdentity: false }),
    });
  };

  if (file.data) {
    return (
      <PublicFrame foot={<ComplaintLinks />} title={t('complaints.public.sentTitle')}>
        <section className="self-result self-result--active" data-testid="complaint-filed">
          <p>{t('complaints.public.sentCode')}</p>
          <p className="tracking-code" data-testid="tracking-code">
            {file.data.trackingCode}
          </p>
          <p className="muted">{t('complaints.public.sentKeep')}</p>
          <p>{t('complaints.public.due', { date: f.dateTime(file.data.dueAt) })}</p>
          <a className="button button--block" href={href({ page: 'complaintTrack', code: file.data.trackingCode })} data-testid="go-track">
            {t('complaints.public.follow')}
          </a>
        </section>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame foot={<ComplaintLinks />} title={t('complaints.public.title')} intro={t('complaints.public.intro')}>
      <form className="form" onSubmit={submit} noValidate data-testid="complaint-form">
        <div className="field">
          <label className="field__label" htmlFor={ids.category}>
            {t('complaints.fields.category')}
          </label>
          <select id={ids.category} value={category} onChange={(e) => setCategory(e.target.value as ComplaintCategory)} aria-invalid={submitted && missing.category} data-testid="complaint-category">
            <option value="">{t('complaints.public.chooseCategory')}</option>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`complaints.categories.${c}`)}
              </option>
            ))}
          </select>
          {submitted && missing.category && <span className="field__hint field__hint--error">{t('complaints.public.required')}</span>}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.facility}>
            {t('complaints.fields.facility')}
          </label>
          <input id={ids.facility} value={facility} onChange={(e) => setFacility(e.target.value)} maxLength={32} data-testid="complaint-facility" />
          <span className="field__hint">{t('complaints.public.facilityHint')}</span>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.description}>
            {t('complaints.fields.description')}
          </label>
          <textarea
            id={ids.description}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={5}
            maxLength={5000}
            aria-invalid={submitted && missing.description}
            data-testid="complaint-description"
          />
          <span className={submitted && missing.description ? 'field__hint field__hint--error' : 'field__hint'}>
            {submitted && missing.description ? t('complaints.public.required') : t('complaints.public.descriptionHint')}
          </span>
        </div>
        <label className="check">
          <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} data-testid="complaint-share" />
          <span>{t('complaints.public.share')}</span>
        </label>
        <p className="muted small">{share ? t('complaints.public.shareOn') : t('complaints.public.anonymous')}</p>
        {share && (
          <fieldset className="form">
            {(['name', 'phone', 'email'] as const).map((k) => (
              <div className="field" key={k}>
                <label className="field__label" htmlFor={ids[k]}>
                  {t(`complaints.fields.${k}`)}
                </label>
                <input
                  id={ids[k]}
                  value={contact[k]}
                  onChange={(e) => setContact({ ...contact, [k]: e.target.value })}
                  type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
                  autoComplete={k === 'name' ? 'name' : k === 'phone' ? 'tel' : 'email'}
                  data-testid={`complaint-${k}`}
                />
              </div>
            ))}
          </fieldset>
        )}
        {file.isError && (
          <p className="alert alert--error" role="alert" data-testid="complaint-error">
            {isApiError(file.error, 429) ? t('complaints.public.tooMany') : isApiError(file.error, 0) ? t('common.networkError') : `${t('complaints.public.failed')} ${file.error.message}`}
          </p>
        )}
        <button type="submit" className="button button--block" disabled={file.isPending} data-testid="complaint-submit">
          {file.isPending ? t('common.saving') : t('complaints.public.submit')}
        </button>
      </form>
    </PublicFrame>
  );
}
