import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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
  /** Whether a TCP connection from this local port is one of this process's open sockets (Linux /proc). */
  ownsPort(port: number): boolean;
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
    ownsPort: (port) => child.pid !== undefined && localPorts(child.pid).has(port),
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

/**
 * The local TCP ports of a process's open sockets: its socket inodes (/proc/PID/fd) looked up in the
 * kernel's TCP tables. A server on loopback sees a request's remote port; this says which process
 * sent it, so a test can act on one process's request in flight without guessing from timing.
 */
function localPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return new Set();
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && inodes.has(f[9]!)) ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}
