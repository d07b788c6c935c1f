// The wizard's four steps, each its own URL: /ledgers/import, …/:batchId/map, …/preview, …/done.
import { t, type MessageKey } from '../i18n';

export type Step = 'file' | 'map' | 'preview' | 'done';
const STEPS: Step[] = ['file', 'map', 'preview', 'done'];

export function Steps({ at }: { at: Step }) {
  return (
    <ol className="wizard-steps" aria-label={t('ledgers.importTitle')}>
      {STEPS.map((s) => (
        <li key={s} aria-current={s === at ? 'step' : undefined} className={s === at ? 'on' : ''}>
          {t(`ledgers.step.${s}` as MessageKey)}
        </li>
      ))}
    </ol>
  );
}

export function importUrl(batchId: string, step: Exclude<Step, 'file'>): string {
  return `/ledgers/import/${batchId}/${step}`;
}
