/** Where the web adapter's files live, whether it runs from src/ (tsx, vitest) or from the compiled dist/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'web'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`yjinspect web: cannot find the project folder above ${start}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
/** Templates and client sources are read from src/ even when the server runs from dist/: tsc copies neither. */
export const VIEWS_DIR = join(PACKAGE_ROOT, 'src', 'web', 'views');
export const CLIENT_ENTRY = join(PACKAGE_ROOT, 'src', 'web', 'client', 'app.ts');
export const OWN_ASSETS_DIR = join(PACKAGE_ROOT, 'src', 'web', 'assets');
export const GOVUK_DIR = join(PACKAGE_ROOT, 'node_modules', 'govuk-frontend', 'dist');
export const MOJ_DIR = join(PACKAGE_ROOT, 'node_modules', '@ministryofjustice', 'frontend');
