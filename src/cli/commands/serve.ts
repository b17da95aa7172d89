/**
 * `yjinspect serve`: run the web application and JSON API on PORT, with the embedded database in DATA_DIR
 * (or PostgreSQL at DATABASE_URL). Migrates, and on first start loads the fictional demo inspection and
 * prints its sign-in details once.
 */
import { hostname } from 'node:os';
import { appConfig, buildApp, ConfigError, loadConfig, openForServing } from '../../server/index.js';
import { createServices, DataFolderInUseError, describeHolder, heldLock, storeOptionsFromEnv, type Store } from '../../app/index.js';
import { webPlugin } from '../../web/plugin.js';

export async function run(argv: string[]): Promise<number> {
  const noDemo = argv.includes('--no-demo');
  const unknown = argv.filter((a) => a !== '--no-demo');
  if (unknown.length > 0) {
    process.stderr.write(`yjinspect serve: unknown option ${unknown[0]}. Usage: yjinspect serve [--no-demo]\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`yjinspect serve: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
  let started;
  try {
    started = await openForServing(storeOptionsFromEnv(), {
      demo: !noDemo,
      frameworksDir: config.frameworksDir,
      services: (store: Store) => createServices(store, appConfig(config)),
    });
  } catch (err) {
    if (err instanceof DataFolderInUseError) {
      const h = err.holder;
      process.stderr.write(h
        ? `yjinspect serve: ${describeHolder(h)} already uses the data folder ${err.dataDir}; one process at a time.\n` +
          `${h.listening ? `Use that server at ${h.listening}, or stop` : 'Stop'} it first${h.hostname === hostname() ? ` (kill ${h.pid})` : ''}, or give another DATA_DIR.\n`
        : `yjinspect serve: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`yjinspect serve: cannot open ${where}: ${(err as Error).message}\n`);
    return 1;
  }
  const { store, services, demo } = started;
  if (demo) {
    process.stdout.write(
      [
        'First start: loaded the fictional demo inspection.',
        '',
        'Demo sign-in details (shown once; every account has the same password):',
        ...demo.accounts.map((a) => `  ${a.email.padEnd(28)} ${a.role}`),
        `  password: ${demo.password}`,
        'Change them with `yjinspect user reset-password EMAIL`.',
        '',
      ].join('\n') + '\n',
    );
  }
  const app = await buildApp({ store, config }, { services, plugins: [webPlugin] });
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    const address = await app.listen({ port: config.port, host: config.host });
    // Say where in the data folder's lock, so that a refused command can point to this server.
    if (!config.databaseUrl) heldLock(config.dataDir)?.update({ listening: address });
    process.stdout.write(`yjinspect is running at ${address.replace('127.0.0.1', 'localhost')} (${where})\n`);
  } catch (err) {
    process.stderr.write(`yjinspect serve: cannot listen on port ${config.port}: ${(err as Error).message}\n`);
    await store.close();
    return 1;
  }
  // Keep running until a signal stops the server.
  return new Promise<number>(() => undefined);
}
