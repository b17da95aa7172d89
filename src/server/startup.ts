/**
 * Opening the database for a server: migrate and, on first start, load the demo, while no other instance starts
 * on the same database (PostgreSQL: an advisory lock; PGlite: the data-folder lock). Instances started together
 * on an empty database thus take turns: the first migrates and loads the demo, the next finds both done.
 */
import { hasData, loadDemo, type DemoResult } from '../demo/index.js';
import { migrate, openStore, type Services, type Store, type StoreOptions } from '../app/index.js';

export interface StartedDatabase {
  readonly store: Store;
  readonly services: Services;
  /** The demo's sign-in details when this start loaded it, to print once. */
  readonly demo: DemoResult | null;
}

export async function openForServing(
  options: StoreOptions,
  setup: { readonly services: (store: Store) => Services; readonly demo: boolean; readonly frameworksDir?: string | undefined },
): Promise<StartedDatabase> {
  const store = await openStore({ ...options, migrate: false });
  try {
    const services = setup.services(store);
    const demo = await store.startupLock(async () => {
      await migrate(store);
      await services.frameworks.load();
      if (setup.frameworksDir) await services.frameworks.loadFolder(setup.frameworksDir);
      return setup.demo && !(await hasData(store)) ? loadDemo(services) : null;
    });
    return { store, services, demo };
  } catch (err) {
    await store.close();
    throw err;
  }
}
