// Delivery (issue 13): what the desk asks before work could be lost — how much the district has not seen
// (the unsynced guard on logout, operator switch, quit and restore) — and the USB bundle for a line that
// is down: write the pending work to a sealed file, read the district's receipt back. Read
// station/delivery/bundle.ts before changing what a bundle carries.
import { z } from 'zod';
import { method } from './define';

export interface UnsyncedInfo {
  /** Entries the district has not accepted yet. */
  count: number;
  /** When the oldest of them was made; null when there are none. */
  oldestAt: string | null;
  enrolled: boolean;
  /** The station's clock (the renderer says "3 天前" against it). */
  now: string;
}

export interface BundleExported {
  file: string;
  entries: number;
  bytes: number;
}

export interface ReceiptImported {
  accepted: number;
  rejected: number;
  conflicts: number;
  alreadyDone: number;
}

const path = z
  .string({ message: '请填写文件夹或文件的位置' })
  .trim()
  .min(1, { message: '请填写文件夹或文件的位置' })
  .max(400, { message: '路径太长' });

export const deliveryContract = {
  'sync.unsynced': method<UnsyncedInfo>()(z.object({}).strict(), 'operator'),
  // `dir`: a USB disk's folder; without it, the station's own bundles folder (its path is answered)
  'sync.exportBundle': method<BundleExported>()(z.object({ dir: path.optional() }).strict(), 'operator'),
  'sync.importReceipt': method<ReceiptImported>()(z.object({ file: path }).strict(), 'admin'),
};
