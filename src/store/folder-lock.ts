/**
 * One process per embedded data folder. PGlite is a single-process database: a second process writing the same
 * folder corrupts it. The lock is a file in the folder, created atomically (written aside, then hard-linked into
 * place, which fails when one exists) and holding who has it, so that a refusal can name the holder. A lock left by
 * a process that no longer runs on this machine is recovered; one from another machine is never guessed at.
 */
import { readFileSync, linkSync, openSync, writeSync, fsyncSync, closeSync, unlinkSync, renameSync, statSync, realpathSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';

export const LOCK_FILE_NAME = 'yjinspect.lock';

export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** What holds it, e.g. `yjinspect serve`. */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** Where a server holding it listens, once it does. */
  readonly listening?: string;
  /** Linux: the boot and the process start (clock ticks after boot), so that a reused pid is not taken for the holder. */
  readonly bootId?: string;
  readonly processStart?: string;
  /** Tells this lock from a later one with the same pid. */
  readonly nonce: string;
}

export class DataFolderInUseError extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder | null, readonly lockFile: string) {
    super(holder
      ? `the data folder ${dataDir} is in use by ${describeHolder(holder)}`
      : `the data folder ${dataDir} is locked, but its lock file ${lockFile} cannot be read; if no yjinspect uses the folder, remove that file`);
  }
}

export function describeHolder(h: LockHolder): string {
  const where = h.hostname === hostname() ? '' : ` on ${h.hostname}`;
  return `${h.command} (pid ${h.pid}${where}, since ${h.since}${h.listening ? `, listening at ${h.listening}` : ''})`;
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
};

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.hostname !== 'string' || typeof h.since !== 'string' || typeof h.nonce !== 'string') return null;
    return { command: 'yjinspect', ...h } as LockHolder;
  } catch {
    return null;
  }
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot (Linux only). */
function processStartOf(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`) ?? '';
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function bootId(): string | undefined {
  try {
    return readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder may still run. Another machine's process cannot be checked, so it counts as running. */
export function holderIsRunning(h: LockHolder): boolean {
  if (h.hostname !== hostname()) return true;
  if (h.pid === process.pid) return [...held.values()].some((l) => l.info.nonce === h.nonce);
  const boot = bootId();
  if (h.bootId && boot && h.bootId !== boot) return false;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    // EPERM: it runs under another user.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStartOf(h.pid);
  return !(h.processStart && start && start !== h.processStart);
}

function commandLine(): string {
  const script = basename(process.argv[1] ?? 'node');
  if (script !== 'yjinspect' && script !== 'main.js') return `node ${script}`;
  const words = process.argv.slice(2).filter((a) => !a.startsWith('-')).slice(0, 2);
  return ['yjinspect', ...words].join(' ');
}

/** Locks this process holds, by lock file path. */
const held = new Map<string, FolderLock>();

function writeAside(path: string, holder: LockHolder): string {
  const tmp = `${path}.${process.pid}.${holder.nonce}`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, JSON.stringify(holder));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

const unlinkQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FolderLock {
  private released = false;
  constructor(readonly dataDir: string, readonly path: string, private holder: LockHolder) {}

  get info(): LockHolder {
    return this.holder;
  }

  /** Add to what the lock says about its holder (a server's address once it listens). */
  update(extra: { listening?: string }): void {
    if (this.released) return;
    const next = { ...this.holder, ...extra };
    const tmp = writeAside(this.path, next);
    renameSync(tmp, this.path);
    this.holder = next;
  }

  /** Remove the lock file if it is still this one. Synchronous, so that it also works on exit. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    const text = readText(this.path);
    if (text !== null && parseHolder(text)?.nonce === this.holder.nonce) unlinkQuietly(this.path);
    if (held.size === 0) stopWatchingExit();
  }
}

/**
 * Remove a lock whose holder is gone, unless it changed meanwhile. A second, short-lived guard file keeps two
 * recoverers from both removing (one of them the other's fresh lock); a guard left by a crash mid-recovery is
 * removed once it is clearly old.
 */
async function removeStale(path: string, staleText: string): Promise<void> {
  const guard = `${path}.recovering`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkQuietly(guard);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    await pause(20);
    return;
  }
  try {
    if (readText(path) === staleText) unlinkQuietly(path);
  } finally {
    closeSync(fd);
    unlinkQuietly(guard);
  }
}

/** Take the folder's lock, or throw DataFolderInUseError naming the holder. */
export async function lockDataFolder(dataDir: string, command = commandLine()): Promise<FolderLock> {
  const dir = realpathSync(dataDir);
  const path = join(dir, LOCK_FILE_NAME);
  const boot = bootId();
  const start = processStartOf(process.pid);
  const holder: LockHolder = {
    pid: process.pid, hostname: hostname(), command, since: new Date().toISOString(),
    ...(boot ? { bootId: boot } : {}), ...(start ? { processStart: start } : {}), nonce: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const tmp = writeAside(path, holder);
    try {
      linkSync(tmp, path);
      const lock = new FolderLock(dir, path, holder);
      held.set(path, lock);
      watchExit();
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkQuietly(tmp);
    }
    const text = readText(path);
    if (text === null) continue;
    const current = parseHolder(text);
    if (!current || holderIsRunning(current)) throw new DataFolderInUseError(dir, current, path);
    await removeStale(path, text);
  }
  throw new Error(`could not take the lock ${path}: it keeps changing`);
}

/** The lock this process holds on a folder, if any (a server adds its address to it). */
export function heldLock(dataDir: string): FolderLock | undefined {
  try {
    return held.get(join(realpathSync(dataDir), LOCK_FILE_NAME));
  } catch {
    return undefined;
  }
}

// On exit, and on a signal nobody else handles, release what is held: the process is gone right after.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const releaseAll = () => {
  for (const lock of [...held.values()]) lock.release();
};
const onSignal = (signal: NodeJS.Signals) => {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
};
let watching = false;
function watchExit(): void {
  if (watching) return;
  watching = true;
  process.on('exit', releaseAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}
function stopWatchingExit(): void {
  if (!watching) return;
  watching = false;
  process.removeListener('exit', releaseAll);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}
