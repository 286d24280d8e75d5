import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/newsbrief.js', import.meta.url));

/** One newsbrief process of a scaled-out bot, with its stderr kept (JSON log lines and messages). */
export interface RoleProcess {
  role: string;
  child: ChildProcess;
  stderr: string[];
  /** The parsed JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** Resolves when a stderr line matches (or rejects when the process exits first). */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  kill9(): Promise<void>;
  /** SIGSTOP / SIGCONT: the process freezes as a stalled machine would, then goes on. */
  pause(): void;
  resume(): void;
  stop(): Promise<number | null>;
}

export function startRole(args: string[], env: Record<string, string>, cwd: string): RoleProcess {
  const child = spawn(process.execPath, [BIN, 'start', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  let partial = '';
  const listeners = new Set<() => void>();
  child.stderr!.on('data', (b: Buffer) => {
    const parts = (partial + b.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    stderr.push(...parts);
    for (const l of [...listeners]) l();
  });
  const exited = once(child, 'exit');
  const parsed: Record<string, unknown>[] = [];
  let parsedUpTo = 0;
  return {
    role: args.join(' '),
    child,
    stderr,
    logs() {
      // Parsed once per line: the test asks often.
      for (; parsedUpTo < stderr.length; parsedUpTo++) {
        try {
          parsed.push(JSON.parse(stderr[parsedUpTo]!) as Record<string, unknown>);
        } catch {
          // a plain message line
        }
      }
      return parsed;
    },
    waitFor(re, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`${args.join(' ')}: no line matching ${re} within ${ms} ms; stderr:\n${stderr.slice(-20).join('\n')}`)), ms);
        const check = () => {
          const line = stderr.find((l) => re.test(l));
          if (line) done(null, line);
          else if (child.exitCode !== null) done(new Error(`${args.join(' ')} exited (${child.exitCode}); stderr:\n${stderr.slice(-20).join('\n')}`));
        };
        const done = (err: Error | null, line?: string) => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', check);
          if (err) reject(err);
          else resolve(line!);
        };
        listeners.add(check);
        child.on('exit', check);
        check();
      });
    },
    async kill9() {
      if (child.exitCode !== null || child.signalCode) return;
      child.kill('SIGKILL');
      await exited;
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async stop() {
      if (child.exitCode !== null || child.signalCode) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      return child.exitCode;
    },
  };
}
