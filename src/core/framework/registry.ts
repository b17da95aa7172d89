/**
 * The frameworks this process knows, by id: the built-in ones, and those the application layer loads
 * from the configured folder or from the database (uploaded by a site administrator). A registered
 * framework never changes: registering other content under a known id is refused, so a rating read
 * with one id always means one set of rules. Pure: reading files and the database is the caller's job.
 */
import { z } from 'zod';
import { deepFreeze } from './build.js';
import { BUILT_IN_FILES, frameworkFromFile } from './builtin.js';
import { checkFrameworkFile } from './file-check.js';
import type { FrameworkFile } from './file-schema.js';
import type { Framework, FrameworkVersion } from './types.js';

/** Where a framework came from: the program itself, the FRAMEWORKS_DIR folder, or an upload. */
export type FrameworkSource = 'built-in' | 'folder' | 'upload';

export interface RegisteredFramework {
  readonly id: FrameworkVersion;
  readonly source: FrameworkSource;
  /** The checked file as data (what a content hash is taken of). */
  readonly file: FrameworkFile;
  readonly framework: Framework;
}

/** A framework id that no loaded framework has. */
export class UnknownFrameworkError extends Error {
  constructor(readonly id: string) {
    super(`There is no framework ${id}: a site administrator can add it on the Frameworks page`);
    this.name = 'UnknownFrameworkError';
  }
}

const registry = new Map<string, RegisteredFramework>();

for (const file of BUILT_IN_FILES) {
  registry.set(file.version, Object.freeze({ id: file.version, source: 'built-in' as const, file, framework: deepFreeze(frameworkFromFile(file)) }));
}

/** Same content, whatever the order of keys: the identity of a framework file. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([k, v]) => v !== undefined && k !== '$schema').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type RegisterOutcome = { ok: true; entry: RegisteredFramework; added: boolean } | { ok: false; reason: string };

/**
 * Adds a checked framework file. The same content again is a no-op; other content under an id already
 * registered is refused (a new version is a new file with a new id). `replace` lets the application
 * swap an unused, uploaded framework after it has checked the database says nothing uses it.
 */
export function registerFramework(file: FrameworkFile, source: Exclude<FrameworkSource, 'built-in'>, options: { replace?: boolean } = {}): RegisterOutcome {
  const known = registry.get(file.version);
  if (known) {
    if (canonicalJson(known.file) === canonicalJson(file)) return { ok: true, entry: known, added: false };
    if (known.source === 'built-in') return { ok: false, reason: `${file.version} is the id of a built-in framework: give yours another id` };
    if (!options.replace) return { ok: false, reason: `A different framework ${file.version} is already loaded: give the new version a new id` };
  }
  const frozen = deepFreeze(structuredClone(file));
  const entry: RegisteredFramework = Object.freeze({ id: frozen.version, source, file: frozen, framework: deepFreeze(frameworkFromFile(frozen)) });
  registry.set(entry.id, entry);
  return { ok: true, entry, added: true };
}

/** Checks raw data (parsed JSON or YAML) and registers it; problems are returned, never thrown. */
export function registerFrameworkData(data: unknown, source: Exclude<FrameworkSource, 'built-in'>, options: { replace?: boolean } = {}): RegisterOutcome & { problems?: readonly string[] } {
  const checked = checkFrameworkFile(data);
  if (!checked.ok) return { ok: false, reason: 'The file is not a valid framework', problems: checked.problems.map((p) => `${p.path}: ${p.message}`) };
  return registerFramework(checked.file, source, options);
}

/** Forgets a non-built-in framework (the application checks nothing uses it). */
export function unregisterFramework(id: string): void {
  if (registry.get(id)?.source !== 'built-in') registry.delete(id);
}

export function registeredFramework(id: string): RegisteredFramework | undefined {
  return registry.get(id);
}

/** Every loaded framework: built-in first, then the others by id. */
export function registeredFrameworks(): readonly RegisteredFramework[] {
  const all = [...registry.values()];
  return [...all.filter((e) => e.source === 'built-in'), ...all.filter((e) => e.source !== 'built-in').sort((a, b) => a.id.localeCompare(b.id))];
}

export function frameworkIds(): readonly FrameworkVersion[] {
  return registeredFrameworks().map((e) => e.id);
}

export function isFrameworkVersion(value: unknown): value is FrameworkVersion {
  return typeof value === 'string' && registry.has(value);
}

/** The framework of a known id; UnknownFrameworkError otherwise (an application loads it first). */
export function getFramework(id: FrameworkVersion): Framework {
  const entry = registry.get(id);
  if (!entry) throw new UnknownFrameworkError(id);
  return entry.framework;
}

/**
 * A framework id in a contract: any loaded framework. Checked against the registry when parsed, so the
 * JSON Schema says "text" and the message names the frameworks loaded at the time.
 */
export const frameworkIdSchema = z
  .string()
  .superRefine((v, ctx) => {
    if (!registry.has(v)) ctx.addIssue({ code: 'custom', message: `must be a loaded framework, one of ${frameworkIds().map((id) => JSON.stringify(id)).join(', ')}, not ${JSON.stringify(v)}` });
  })
  .meta({ description: 'The id of a loaded framework: 2018 and 2021 are built in; a site administrator can add others.' });
