// The one contract: every method the UI can call, whatever carries it (Electron IPC or HTTP on 127.0.0.1).
// Adding a method here makes the type checker demand its station handler; read DESIGN.md "One contract".
import { coreContract } from './core';
import { syncContract } from './sync';
import { cardsContract } from './cards';
import { ledgersContract } from './ledgers';
import { matchingContract } from './matching';
import { backupsContract } from './backups';
import { deliveryContract } from './delivery';
import { reportsContract } from './reports';
import { deskContract } from './desk';
import { policyContract } from './policy';
import { trainingContract } from './training';
import { fairsContract } from './fairs';
import { deskLifeContract } from './deskLife';
import type { ContractShape } from './define';

export const contract = {
  ...coreContract,
  ...syncContract,
  ...cardsContract,
  ...ledgersContract,
  ...matchingContract,
  ...backupsContract,
  ...deliveryContract,
  ...reportsContract,
  ...deskContract,
  ...policyContract,
  ...trainingContract,
  ...fairsContract,
  ...deskLifeContract,
} satisfies ContractShape;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export * from './define';
export type * from './core';
export type * from './ledgers';
export type * from './matching';
export type * from './backups';
export type * from './delivery';
export type * from './reports';
export type * from './desk';
export type * from './policy';
export type * from './training';
export type * from './fairs';
export type * from './deskLife';
