// 参考数据: a new version of the district's reference data (streets, communities, categories, vocabularies,
// policies) read from a JSON file, checked whole and compared with what the district holds — nothing is
// written until the person loads the version they have seen. A version that would leave residents without
// a community is refused with the count.
import { useState } from 'react';
import { t, useLang } from '../../../renderer/src/i18n';
import { Notice } from '../../../renderer/src/ui/fields';
import { call, messageOf } from '../api';
import { useSession } from '../session';
import { REFERENCE_MAX } from '../../../shared/contract/console';

interface Preview {
  version: string;
  streets: { added: string[]; removed: string[]; kept: number };
  communities: { added: string[]; removed: string[]; kept: number };
  categories: { added: string[]; unchanged: number };
  orphans: Array<{ code: string; name: string | null; residents: number }>;
}

export function ReferencePage() {
  useLang();
  const session = useSession()!;
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState('');
  const [ok, setOk] = useState('');
  if (session.user.role !== 'district') return <Notice kind="info">{t('console.districtOnly')}</Notice>;

  async function pick(file: File | undefined) {
    setPreview(null);
    setError('');
    setOk('');
    if (!file) return;
    if (file.size > REFERENCE_MAX) return setError(t('console.reference.tooLarge'));
    const body = await file.text();
    setText(body);
    setFileName(file.name);
    try {
      setPreview(await call<Preview>('reference.preview', { text: body }));
    } catch (e) {
      setError(messageOf(e));
    }
  }
  async function load() {
    if (!text) return;
    try {
      const r = await call<{ version: string }>('reference.load', { text });
      setOk(t('console.reference.loaded', { version: r.version }));
      setPreview(null);
      setText(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }
  const list = (codes: string[]) => (codes.length ? codes.join('、') : '—');
  return (
    <div data-testid="reference-page">
      <h1>{t('console.reference.title')}</h1>
      <p className="muted">{t('console.reference.subtitle')}</p>
      <div className="card toolbar">
        <label className="inline-label">
          {t('console.reference.file')}
          <input
            type="file"
            accept=".json,application/json"
            data-testid="reference-file"
            onChange={(e) => {
              void pick(e.target.files?.[0]);
              // the same file chosen again is a new import (or preview)
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {ok ? <Notice kind="ok">{ok}</Notice> : null}
      {preview ? (
        <div className="card" data-testid="reference-preview">
          <h2>{t('console.reference.preview', { version: preview.version, file: fileName })}</h2>
          <table className="table">
            <tbody>
              <tr>
                <td>{t('console.reference.streets')}</td>
                <td>
                  {t('console.reference.diff', {
                    kept: preview.streets.kept,
                    added: list(preview.streets.added),
                    removed: list(preview.streets.removed),
                  })}
                </td>
              </tr>
              <tr>
                <td>{t('console.reference.communities')}</td>
                <td>
                  {t('console.reference.diff', {
                    kept: preview.communities.kept,
                    added: list(preview.communities.added),
                    removed: list(preview.communities.removed),
                  })}
                </td>
              </tr>
              <tr>
                <td>{t('console.reference.categories')}</td>
                <td>
                  {t('console.reference.cats', {
                    added: list(preview.categories.added),
                    unchanged: preview.categories.unchanged,
                  })}
                </td>
              </tr>
            </tbody>
          </table>
          {preview.orphans.length ? (
            <Notice kind="error" testId="reference-orphans">
              {t('console.reference.orphans', {
                list: preview.orphans.map((o) => `${o.name ?? o.code}（${o.residents}）`).join('、'),
                n: preview.orphans.reduce((a, o) => a + o.residents, 0),
              })}
            </Notice>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => void load()}
              data-testid="reference-load"
            >
              {t('console.reference.load')}
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}
