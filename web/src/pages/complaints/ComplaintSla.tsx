import { useTranslation } from 'react-i18next';
import { type SlaColour, slaClass } from '../../lib/complaints.ts';

const SYMBOL: Record<SlaColour, string> = { MERAH: '!', KUNING: '◔', HIJAU: '✓' };

/** HIJAU / KUNING / MERAH, always with its word (colour is never the only signal). */
export function ComplaintSla({ sla }: { sla: SlaColour }) {
  const { t } = useTranslation();
  return (
    <span className={`sla sla--${slaClass(sla)}`} data-sla={sla} data-testid="complaint-sla">
      <span className="sla__dot" aria-hidden="true">
        {SYMBOL[sla]}
      </span>
      {t(`complaints.sla.${sla}`)}
    </span>
  );
}
