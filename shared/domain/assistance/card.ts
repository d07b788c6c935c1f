// Employment assistance card (就业援助卡), its contact card (就业援助服务联系卡) and the holder's plan
// (一人一卡一策): the shapes the contract returns. Statuses and kinds are closed lists the UI translates.

export const CARD_STATUSES = ['valid', 'replaced', 'cancelled'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const MEASURE_KINDS = [
  'job_recommendation',
  'training',
  'subsidy',
  'public_welfare_post',
  'follow_up_visit',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/**
 * A contact mark made on 今日工作 (issue 15): by phone, at the door, or tried and not reached. It is a
 * service on the person's plan (any resident's, not only a card holder's) with the date they are due again.
 */
export const CONTACT_KINDS = ['contact_phone', 'contact_visit', 'contact_unreached'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Services given reuse the measure kinds plus the ones that are not planned ahead. */
export const SERVICE_KINDS = [...MEASURE_KINDS, 'policy_advice', 'other', ...CONTACT_KINDS] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const PRINT_LAYOUTS = ['card', 'sheet', 'booklet'] as const;
export type PrintLayout = (typeof PRINT_LAYOUTS)[number];

/** A category as confirmed on a card: which version, and why (the rule's reason or the assistant's). */
export interface CardCategory {
  code: string;
  name: string;
  version: number;
  reason: string;
  /** True when the eligibility rules suggested it; false when the assistant added it with a reason. */
  suggested: boolean;
}

export interface ContactCard {
  id: string;
  cardId: string;
  officerName: string;
  officerPhone: string;
  hours: string;
  updatedAt: string;
}

export interface AssistanceCard {
  id: string;
  communityCode: string;
  residentId: string;
  holderName: string;
  /** Masked (first 6 and last 4 digits). */
  holderIdNumber: string;
  cardNumber: string;
  status: CardStatus;
  categories: CardCategory[];
  issueReason: string | null;
  issuedOn: string;
  issuedBy: string;
  replacesId: string | null;
  replacedById: string | null;
  statusReason: string | null;
  statusChangedAt: string | null;
  contact: ContactCard | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlanMeasure {
  id: string;
  planId: string;
  kind: MeasureKind;
  owner: string;
  dueDate: string;
  note: string | null;
  status: 'open' | 'done';
  completedOn: string | null;
  result: string | null;
  overdue: boolean;
  createdAt: string;
}

export interface PlanService {
  id: string;
  planId: string;
  kind: ServiceKind;
  date: string;
  note: string;
  measureId: string | null;
  givenBy: string;
  createdAt: string;
  /** A contact mark's next due date (the work list leaves the person out until then). */
  nextDue?: string | null;
}

export interface AssistancePlan {
  id: string;
  residentId: string;
  holderName: string;
  cardId: string;
  cardNumber: string;
  measures: PlanMeasure[];
  /** Newest first. */
  services: PlanService[];
}

export interface OverdueMeasure {
  measure: PlanMeasure;
  cardId: string;
  cardNumber: string;
  residentId: string;
  holderName: string;
  daysOverdue: number;
}

/** Everything the print route needs for one card; the ID number is masked here, never in the renderer. */
export interface CardPrintData {
  cardId: string;
  cardNumber: string;
  holderName: string;
  holderIdNumber: string;
  sex: 'M' | 'F';
  categories: Array<{ code: string; name: string }>;
  issuedOn: string;
  communityName: string;
  streetName: string;
  stationName: string;
  contact: { officerName: string; officerPhone: string; hours: string } | null;
  measures: Array<{
    kind: MeasureKind;
    owner: string;
    dueDate: string;
    status: 'open' | 'done';
    note: string | null;
  }>;
  printedBefore: boolean;
}

export interface PrintLogEntry {
  id: string;
  cardId: string;
  cardNumber: string;
  holderName: string;
  layout: PrintLayout;
  printedAt: string;
  operatorName: string;
  reprint: boolean;
}
