// What a handler receives besides its parsed input: the database, who is calling, the station's identity
// and the one way to write (a transaction whose every change carries its outbox entry).
import type { Kysely, Transaction } from 'kysely';
import type { ContractShape, OutputOf, ParsedInputOf } from '../shared/contract/define';
import type { Operator } from '../shared/contract/core';
import type { StationDB } from './db/schema';
import { appendOutbox, type Hlc, type OutboxWrite } from './db/outbox';
import type { Sessions } from './auth/sessions';
import type { LoginThrottle } from './auth/loginThrottle';

export interface StationIdentity {
  communityCode: string;
  stationName: string;
  stationNumber: number;
  stationId: string;
}

export type Record = (write: OutboxWrite) => Promise<number>;

export interface Ctx {
  db: Kysely<StationDB>;
  operator: Operator | null;
  token: string | undefined;
  now: Date;
  /** Today's date in China (UTC+8). */
  today: string;
  staleAfterDays: number;
  identity: StationIdentity | null;
  hlc: Hlc;
  /** Services the station offers handlers (sessions, sync client, …). */
  services: StationServices;
}

export interface StationServices {
  sessions: Sessions;
  loginThrottle: LoginThrottle;
  dataDir: string;
  reloadIdentity(): Promise<void>;
  identity(): StationIdentity | null;
  /** The station's clock (injected in tests), for work that runs outside a call, e.g. background sync. */
  clock?: () => Date;
  /** Called after every successful contract call with its method name (background sync wakes on writes). */
  afterCall?: Set<(method: string) => void>;
  [name: string]: unknown;
}

export type HandlerFn<M extends ContractShape[string]> = (
  input: ParsedInputOf<M>,
  ctx: Ctx,
) => Promise<OutputOf<M>>;
export type Handlers<C extends ContractShape> = { [K in keyof C]: HandlerFn<C[K]> };

export function requireIdentity(ctx: Ctx): StationIdentity {
  if (!ctx.identity) throw new Error('station is not set up');
  return ctx.identity;
}

export function requireOperator(ctx: Ctx): Operator {
  if (!ctx.operator) throw new Error('no operator');
  return ctx.operator;
}

/**
 * Runs `fn` in one immediate transaction; every `record(...)` appends the outbox entry inside it, so a row
 * change and its entry commit or roll back together.
 */
export async function write<T>(
  ctx: Ctx,
  fn: (trx: Transaction<StationDB>, record: Record) => Promise<T>,
): Promise<T> {
  const op = requireOperator(ctx);
  return ctx.db
    .transaction()
    .execute((trx) =>
      fn(trx, (w) => appendOutbox(trx, { id: op.id, name: op.displayName }, ctx.hlc, w, ctx.now)),
    );
}
