// POST /v1/fairs (issue 10): the street and district job fairs a station's scope holds — its street's and the
// district's, its own community's included (other communities may have brought employers to them) — each as
// one document: the fair's fields and every community's employers at it. One district-wide sequence
// (`fseq`), read after a cursor as the board of shared vacancies is (protocol.ts, ENDPOINTS.board); `head`
// is the newest, so a cursor ahead of it (a district restored from a backup) starts again from 0. Kept in a
// file of its own so the fairs' wire format changes without touching the core protocol.
import { z } from 'zod';

export const FAIRS_ENDPOINT = '/v1/fairs';

const rowId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, { message: '记录编号格式不正确' });
const wireText = (max: number) => z.string().max(max);

export const sharedFairEmployer = z.object({
  id: rowId,
  community: z.string().regex(/^\d{12}$/),
  employer_id: rowId,
  employer_name: wireText(100),
  vacancy_ids: z.array(rowId).max(100),
  positions: z.number().int().min(0),
  /** Each vacancy's positions (absent: an entry written before they were recorded). */
  vacancy_positions: z.record(rowId, z.number().int().min(0)).optional(),
});

export const fairsRequest = z.object({
  after: z.number().int().min(0).max(2_147_483_647),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export const fairsItem = z.object({
  id: rowId,
  community: z.string().regex(/^\d{12}$/),
  fseq: z.number().int(),
  removed: z.boolean(),
  /** Absent when removed. */
  fair: z
    .object({
      name: wireText(60),
      date: wireText(10),
      place: wireText(100),
      organiser: wireText(60),
      scope: z.enum(['street', 'district']),
      street_code: z.string().nullable(),
      employers: z.array(sharedFairEmployer).max(2000),
      /** Called off before its day (absent from districts before the corrections of issue 10). */
      cancelled_on: z.string().max(10).nullable().optional(),
      cancel_reason: wireText(100).nullable().optional(),
    })
    .optional(),
});
export type FairsItem = z.infer<typeof fairsItem>;
export const fairsResponse = z.object({
  items: z.array(fairsItem),
  cursor: z.number().int(),
  more: z.boolean(),
  head: z.number().int(),
  // ADDED: the district's epoch, as on the vacancy board: a copy read in another epoch is read again whole.
  epoch: z.string().max(100).optional(),
});
