// The referral letter's URL: /print/referral?id=<recommendation>, with the page to go back to in a browser.
export function referralUrl(id: string, withBack = false): string {
  const base = `/print/referral?id=${encodeURIComponent(id)}`;
  return withBack ? `${base}&back=${encodeURIComponent(location.pathname + location.search)}` : base;
}
