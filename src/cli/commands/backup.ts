/**
 * `yjinspect backup FILE`: write a complete, checksummed export of the database (DATA_DIR or DATABASE_URL),
 * signed with BACKUP_KEY; without a key it is written unsigned with a warning (restoring it then needs
 * --allow-unsigned).
 * `yjinspect backup FILE --server URL`: the same file from a running server (GET /api/v1/backup), signed in as the
 * site administrator in YJINSPECT_ADMIN_EMAIL and YJINSPECT_ADMIN_PASSWORD: the way to back up a live embedded
 * database, whose folder only the server may open. The file holds password hashes: it is written 0600.
 */
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BACKUP_FORMAT, BackupError, backupKeyFromEnv, exportBackup, openStore, storeOptionsFromEnv } from '../../app/index.js';

const USAGE = `Usage: yjinspect backup FILE [--server URL]
  Without --server: the database in DATA_DIR (default ./data) or DATABASE_URL.
  With --server: the running server at URL, signed in as a site administrator (YJINSPECT_ADMIN_EMAIL, YJINSPECT_ADMIN_PASSWORD).`;

class Refusal extends Error {}

/** Write beside the target, then rename: a crash never leaves half a backup under the real name. Owner-only. */
function writePrivately(file: string, text: string): void {
  const tmp = `${file}.partial`;
  try {
    unlinkSync(tmp);
  } catch {
    // None left over.
  }
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

async function fromServer(server: string): Promise<string> {
  const email = process.env.YJINSPECT_ADMIN_EMAIL;
  const password = process.env.YJINSPECT_ADMIN_PASSWORD;
  if (!email || !password) throw new Refusal('--server needs a site administrator\'s YJINSPECT_ADMIN_EMAIL and YJINSPECT_ADMIN_PASSWORD in the environment');
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new Refusal(`--server must be the server's address, e.g. http://127.0.0.1:3000, not '${server}'`);
  }
  const call = async (method: string, path: string, init: { cookie?: string; body?: unknown } = {}) => {
    try {
      return await fetch(new URL(path, base), {
        method,
        headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (err) {
      throw new Refusal(`cannot reach ${base.origin}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
    }
  };
  const problem = async (r: Response) => ((await r.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${r.status}`;
  const signIn = await call('POST', '/api/v1/session', { body: { email, password } });
  if (!signIn.ok) throw new Refusal(`the server refused the sign-in of ${email}: ${await problem(signIn)}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  try {
    const r = await call('GET', '/api/v1/backup', { cookie });
    if (!r.ok) throw new Refusal(`the server refused the backup: ${await problem(r)}`);
    const text = await r.text();
    if ((JSON.parse(text) as { format?: unknown }).format !== BACKUP_FORMAT) throw new Refusal('the server did not answer with a yjinspect backup');
    return text;
  } finally {
    await call('DELETE', '/api/v1/session', { cookie }).catch(() => undefined);
  }
}

async function fromDatabase(key: string | undefined): Promise<string> {
  const store = await openStore(storeOptionsFromEnv());
  try {
    // The export reads every table in one snapshot.
    return JSON.stringify(await exportBackup(store, { key: key ?? null }));
  } finally {
    await store.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  let file: string | undefined;
  let server: string | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { server: { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new TypeError('give exactly one FILE argument');
    [file] = positionals;
    server = values.server;
  } catch (err) {
    process.stderr.write(`yjinspect backup: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const text = server ? await fromServer(server) : await fromDatabase(backupKeyFromEnv());
    writePrivately(file!, text);
    const backup = JSON.parse(text) as { schemaVersion: string; checksum: string; signature?: string | null; tables: Record<string, unknown[]> };
    const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
    if (!backup.signature) process.stderr.write(`yjinspect backup: warning: BACKUP_KEY is not set${server ? ' on the server' : ''}, so the backup is not signed; restoring it will need --allow-unsigned\n`);
    process.stdout.write(`Backed up ${rows} rows (schema ${backup.schemaVersion}, sha256 ${backup.checksum.slice(0, 12)}…${backup.signature ? ', signed' : ', unsigned'}) to ${file}\n`);
    return 0;
  } catch (err) {
    if (err instanceof Refusal || err instanceof BackupError) {
      process.stderr.write(`yjinspect backup: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
