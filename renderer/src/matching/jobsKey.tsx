// One keystroke from a resident's page to "jobs for this person" (Alt+J), and the button that says so.
import { useEffect } from 'react';
import { navigate } from '../router';
import { t } from '../i18n';

export const jobsUrl = (residentId: string) => `/recommend/person?id=${encodeURIComponent(residentId)}`;

export function JobsForPerson({ residentId }: { residentId: string | null }) {
  useEffect(() => {
    if (!residentId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.key.toLowerCase() === 'j') {
        e.preventDefault();
        navigate(jobsUrl(residentId));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [residentId]);
  if (!residentId) return null;
  return (
    <button type="button" onClick={() => navigate(jobsUrl(residentId))} aria-keyshortcuts="Alt+J">
      {t('rec.jobsForPerson')}
    </button>
  );
}
