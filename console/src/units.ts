// Streets and communities the user may see, loaded once per session: names for every screen.
import { useEffect, useState } from 'react';
import type { CommunityRef, StreetRef } from '../../shared/reports/figures';
import { call } from './api';
import { useSession } from './session';

export interface Units {
  streets: StreetRef[];
  communities: CommunityRef[];
}
let cache: { token: string; units: Promise<Units> } | null = null;

export function useUnits(): Units | null {
  const session = useSession();
  const [units, setUnits] = useState<Units | null>(null);
  useEffect(() => {
    if (!session || session.mustChange) return;
    if (cache?.token !== session.token)
      cache = { token: session.token, units: call<Units>('units.list', {}) };
    let live = true;
    cache.units.then(
      (u) => live && setUnits(u),
      () => {
        cache = null;
      },
    );
    return () => {
      live = false;
    };
  }, [session?.token, session?.mustChange]);
  return units;
}

export function communityLabel(units: Units | null, code: string): string {
  return units?.communities.find((c) => c.code === code)?.name ?? code;
}
