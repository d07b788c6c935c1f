// Reference data during a sync run: the pull tells the station which version the district holds; only when
// it differs from the one recorded locally does the station fetch the data and apply it (one transaction).
import { ENDPOINTS, referenceResponse } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { applyDistrictReference, heldReferenceVersion } from '../reference';
import { post, type TransportOptions, type WireCounters } from './transport';

/** Fetches and applies the district's reference data if `serverVersion` is new here; true when it did. */
export async function refreshReference(
  db: DB,
  transport: TransportOptions,
  serverVersion: string | undefined,
  counters?: WireCounters,
): Promise<boolean> {
  // an older server says nothing: keep what we hold
  if (!serverVersion || serverVersion === (await heldReferenceVersion(db))) return false;
  const data = await post(transport, ENDPOINTS.reference, {}, referenceResponse, counters);
  await applyDistrictReference(db, data);
  return true;
}
