// The station's progress of a long import step, polled while the step's own call is still running (the
// call answers when it is done; the poll only feeds the progress bar).
import { useEffect, useState } from 'react';
import type { Progress } from '../../../shared/contract';
import { call } from '../api/client';

const EVERY_MS = 250;

export function useProgress(batchId: string | null, active: boolean): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!batchId || !active) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      call('ledgers.progress', { batchId }).then(
        (p) => {
          if (!live) return;
          setProgress(p);
          timer = setTimeout(tick, EVERY_MS);
        },
        () => live && (timer = setTimeout(tick, EVERY_MS)),
      );
    };
    tick();
    return () => {
      live = false;
      clearTimeout(timer);
      setProgress(null);
    };
  }, [batchId, active]);
  return progress;
}
