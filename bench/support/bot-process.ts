/** Starts a bot as a child process and waits until `GET /healthz` answers, for bench/turns.ts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface BotProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** The tail of stderr, to show when something went wrong. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/**
 * CPU seconds (user + system) the process `pid` has used so far, from /proc/<pid>/stat (Linux; fields 14 and 15 in
 * clock ticks of 1/100 s, proc(5)); undefined where /proc is missing.
 */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Pins every thread of process `pid` to the CPUs in `cpus` (taskset's list syntax, e.g. "0" or "1-3"); false where
 * taskset is missing or refuses.
 */
export function pinToCpus(pid: number | undefined, cpus: string): boolean {
  if (pid === undefined) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns `node ...args` with `env`, waits up to `readyMs` for `${url}/healthz` to answer 200. Rejects with stderr otherwise. */
export async function startBotProcess(args: string[], env: NodeJS.ProcessEnv, port: number, readyMs = 30_000): Promise<BotProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + readyMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { url, child, stderrTail: () => stderr, stop };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`bot did not become ready at ${url} (exit ${child.exitCode}); stderr:\n${stderr}`);
}
