import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES } from '../../lib/complaints.ts';

const STAFF_CHANNELS = COMPLAINT_CHANNELS.filter((c) => c !== 'WEB');

/** Officers enter a walk-in, phone, WhatsApp or SP4N-LAPOR! complaint, or import a LAPOR! export. */
export function ComplaintIntake() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState({ channel: 'WALK_IN', category: 'LAINNYA', severity: '', facilityCode: '', description: '', externalId: '', name: '', phone: '', share: false });
  const [file, setFile] = useState<File | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['complaints'] });
  const enter = useMutation({
    mutationFn: () =>
      api<{ trackingCode: string }>('/complaints/entries', {
        method: 'POST',
        json: {
          channel: form.channel,
          category: form.category,
          description: form.description.trim(),
          ...(form.severity ? { severity: form.severity } : {}),
          ...(form.facilityCode.trim() ? { facilityCode: form.facilityCode.trim() } : {}),
          ...(form.externalId.trim() ? { externalId: form.externalId.trim() } : {}),
          ...(form.share ? { contact: { name: form.name.trim(), phone: form.phone.trim() }, shareIdentity: true } : {}),
        },
      }),
    onSuccess: () => {
      setForm({ ...form, description: '', externalId: '', name: '', phone: '', share: false });
      refresh();
    },
  });
  const importFile = useMutation({
    mutationFn: async () => {
      const body = new FormData();
      body.set('file', file!);
      const response = await fetch('/api/v1/complaints/import-lapor', { method: 'POST', body });
      const data = await response.json();
      if (!response.ok) throw Object.assign(new ApiError(response.status, data.error ?? 'error'), { issues: data.issues ?? [] });
      return data as { imported: number };
    },
    onSuccess: refresh,
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.description.trim()) enter.mutate();
  };
  const issues = (importFile.error as (Error & { issues?: { line: number; column: string; reason: string }[] }) | null)?.issues ?? [];
  return (
    <details className="intake" data-testid="complaint-intake">
      <summary>{t('complaints.intake.title')}</summary>
      <form className="form filters filters--wide" onSubmit={submit}>
        <label>
          {t('complaints.fields.channel')}
          <select value={form.channel} onChange={set('channel')}>
            {STAFF_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`complaints.channels.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('complaints.fields.category')}
          <select value={form.category} onChange={set('category')}>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`complaints.categories.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('complaints.intake.severity')}
          <select value={form.severity} onChange={set('severity')}>
            <option value="">{t('complaints.intake.severityDefault')}</option>
            {COMPLAINT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`complaints.severities.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('complaints.fields.assignedFacility')}
          <input value={form.facilityCode} onChange={set('facilityCode')} maxLength={32} />
        </label>
        {form.channel === 'SP4N_LAPOR' && (
          <label>
            {t('complaints.intake.externalId')}
            <input value={form.externalId} onChange={set('externalId')} maxLength={64} />
          </label>
        )}
        <label className="intake__wide">
          {t('complaints.fields.description')}
          <textarea rows={3} value={form.description} onChange={set('description')} maxLength={5000} />
        </label>
        <label className="check">
          <input type="checkbox" checked={form.share} onChange={(e) => setForm({ ...form, share: e.target.checked })} /> {t('complaints.intake.share')}
        </label>
        {form.share && (
          <>
            <label>
              {t('complaints.fields.name')}
              <input value={form.name} onChange={set('name')} />
            </label>
            <label>
              {t('complaints.fields.phone')}
              <input value={form.phone} onChange={set('phone')} type="tel" />
            </label>
          </>
        )}
        <button type="submit" className="button button--small" disabled={enter.isPending || !form.description.trim()}>
          {t('complaints.intake.save')}
        </button>
        {enter.data && <p className="alert alert--success">{t('complaints.intake.saved', { code: enter.data.trackingCode })}</p>}
        {enter.isError && <p className="alert alert--error">{enter.error.message}</p>}
      </form>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) importFile.mutate();
        }}
      >
        <label>
          {t('complaints.intake.import')}
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" className="button button--small button--secondary" disabled={!file || importFile.isPending}>
          {t('complaints.intake.importButton')}
        </button>
        {importFile.data && <p className="alert alert--success">{t('complaints.intake.imported', { count: importFile.data.imported })}</p>}
        {importFile.isError && (
          <div className="alert alert--error" role="alert">
            <p>{t('complaints.intake.importRefused')}</p>
            <ul>
              {issues.slice(0, 20).map((i, n) => (
                <li key={n}>{t('complaints.intake.issue', { line: i.line, column: i.column || '—', reason: i.reason })}</li>
              ))}
            </ul>
          </div>
        )}
      </form>
    </details>
  );
}
