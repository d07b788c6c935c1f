// Opens the print route for a selection. The session lives in one tab (sessionStorage), so a new tab would
// have none: in a browser the print route opens in the same tab, with a way back to where the person was;
// the desktop shell prints the same route in its own hidden window through the `print.cards` bridge.
// A print link opened in another tab (or after the session ended) asks for the login and then prints.
import type { PrintLayout } from '../../../shared/domain/assistance/card';
import { navigate } from '../router';

export function printUrl(ids: string[], layout: PrintLayout, back?: string): string {
  const q = `ids=${ids.map(encodeURIComponent).join(',')}&layout=${layout}`;
  return `/print/cards?${q}${back ? `&back=${encodeURIComponent(back)}` : ''}`;
}

export function openPrint(ids: string[], layout: PrintLayout): void {
  if (ids.length === 0) return;
  const shell = window.liuqing?.['print.cards'];
  if (shell) {
    void shell({ ids, layout });
    return;
  }
  navigate(printUrl(ids, layout, location.pathname + location.search));
}
