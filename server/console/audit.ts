// The console's audit log: every full ID number read, every decision, every refused attempt — who, what,
// on which record, when, and how it ended. Never the value read.
import { randomUUID } from 'node:crypto';
import type { ServerContext } from '../context';

export interface AuditEntry {
  username: string | null;
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused';
  detail: string | null;
}

export async function audit(ctx: ServerContext, e: AuditEntry): Promise<void> {
  await ctx.store.db
    .insertInto('console_audit')
    .values({ id: randomUUID(), at: ctx.now().toISOString(), ...e })
    .execute();
}
