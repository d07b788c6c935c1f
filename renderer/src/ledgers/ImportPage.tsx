// The import wizard's routes: /ledgers/import (the file), /ledgers/import/:batchId/map|preview|done.
import { match } from '../router';
import { AdminOnly } from './LedgersPage';
import { ImportStart } from './ImportStart';
import { MapStep } from './MapStep';
import { PreviewStep } from './PreviewStep';
import { DoneStep } from './DoneStep';

export function ImportPage({ path }: { path: string }) {
  const m = match('/ledgers/import/:batchId/:step', path);
  let page = <ImportStart />;
  if (m?.step === 'map') page = <MapStep key={m.batchId} batchId={m.batchId!} />;
  else if (m?.step === 'preview') page = <PreviewStep key={m.batchId} batchId={m.batchId!} />;
  else if (m?.step === 'done') page = <DoneStep key={m.batchId} batchId={m.batchId!} />;
  return <AdminOnly>{page}</AdminOnly>;
}
