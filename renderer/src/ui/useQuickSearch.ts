// Search-as-you-type for pickers (a household's members, a vacancy's employer): waits for a pause in
// typing, and drops an answer that arrives after the query has changed.
import { useEffect, useState } from 'react';

export function useQuickSearch<T>(query: string, search: (q: string) => Promise<{ items: T[] }>): T[] {
  const [found, setFound] = useState<T[]>([]);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    let live = true;
    const h = setTimeout(() => {
      search(query.trim()).then(
        (r) => live && setFound(r.items),
        () => live && setFound([]),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [query]); // the search function is fixed per page: only a new query asks again
  return found;
}
