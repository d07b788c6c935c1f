// A ledger field's or group's name in the desk's language: the standard ledger's Chinese header (sent by the
// station, from shared/domain/ledgers/kinds.ts) in zh-CN, its English name in English.
import type { LedgerKind } from '../../../shared/domain/ledgers/kinds';
import { getLang } from '../i18n';
import { ledgerFieldsEn } from '../i18n/ledgerFields.en';

export function fieldName(kind: LedgerKind, key: string, zh: string): string {
  return getLang() === 'en' ? (ledgerFieldsEn[kind]?.fields[key] ?? zh) : zh;
}

export function groupName(kind: LedgerKind, key: string, zh: string): string {
  return getLang() === 'en' ? (ledgerFieldsEn[kind]?.groups[key] ?? zh) : zh;
}
