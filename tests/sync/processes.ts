// The district server and a headless station as real child processes (`node <cli bundled>`, one process
// each — tsx's own launcher would put a second process in between, and SIGKILL would then miss the real
// one; tests/factories/cli.ts), so kill -9 is real: no handler runs, nothing is flushed, the next start
// finds what is on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliScript } from '../factories/cli';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const alive = new Set<ChildProcess>();
// a test that throws must not leave servers behind: whatever is still running dies with the worker
process.once('exit', () => {
  for (const p of alive) p.kill('SIGKILL');
});

export interface Child {
  pid: number;
  /** The base URL it printed when ready. */
  url: string;
  /** The last lines it wrote (stdout and stderr), for a failure message. */
  tail(): string;
  /** kill -9, resolved once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop), resolved once the process is gone. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts `node <cli> <args>` in the repository and waits for a line matching `ready`. */
export async function startChild(
  which: 'server' | 'station',
  args: string[],
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<Child> {
  const script = await cliScript(which);
  const proc = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  alive.add(proc);
  const lines: string[] = [];
  let partial = '';
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      alive.delete(proc);
      resolve(code);
    }),
  );
  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`));
    }, timeoutMs);
    // both pipes are always drained: a server logging every request would otherwise block on a full pipe
    const onData = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 200) lines.shift();
        const m = ready.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(child(m[1] ?? ''));
        }
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready:\n${lines.slice(-20).join('\n')}`));
    });
  });

  function child(url: string): Child {
    const until = async (signal: NodeJS.Signals) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    };
    return {
      pid: proc.pid!,
      url,
      tail: () => lines.slice(-30).join('\n'),
      kill9: () => until('SIGKILL'),
      stop: () => until('SIGTERM'),
      exited,
    };
  }
}

/** `server/cli.ts serve` on embedded SQLite in `dataDir`; port 0 picks one (restart on the same port). */
export function startServerProcess(dataDir: string, port = 0): Promise<Child> {
  return startChild(
    'server',
    ['serve', '--data', dataDir, '--port', String(port)],
    /区服务器已启动：(http:\/\/\S+)/,
  );
}

/** The headless station on `dataDir` (`--manual-sync`: it syncs only when told, so a seed replays alike). */
export function startStationProcess(dataDir: string): Promise<Child> {
  return startChild(
    'station',
    ['--data', dataDir, '--port', '0', '--manual-sync'],
    /liuqing station: (http:\/\/\S+)/,
  );
}
