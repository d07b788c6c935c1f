// Names the contract and the desk share about ledgers: what a previewed row becomes, which grids export,
// which standard ledgers there are. Plain constants, so the renderer takes them without the contract's zod.
export const PREVIEW_ACTIONS = ['create', 'update', 'unchanged', 'reject'] as const;
export type PreviewAction = (typeof PREVIEW_ACTIONS)[number];
export const EXPORT_GRIDS = ['residents', 'households', 'employers', 'vacancies', 'cards'] as const;
export type ExportGrid = (typeof EXPORT_GRIDS)[number];
export const STANDARD_LEDGERS = ['sixClears', 'cards', 'zeroEmployment', 'recommendations', 'training'] as const;
export type StandardLedger = (typeof STANDARD_LEDGERS)[number];
