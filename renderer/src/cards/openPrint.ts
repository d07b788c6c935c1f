// Opens the print route for a selection in a new tab or window (the browser prints it with window.print;
// the desktop shell prints the same route with webContents.print / printToPDF).
import type { PrintLayout } from '../../../shared/domain/assistance/card';

export function printUrl(ids: string[], layout: PrintLayout): string {
  return `/print/cards?ids=${ids.map(encodeURIComponent).join(',')}&layout=${layout}`;
}

export function openPrint(ids: string[], layout: PrintLayout): void {
  if (ids.length === 0) return;
  window.open(printUrl(ids, layout), '_blank', 'noopener');
}
