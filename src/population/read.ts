/** Reads a population file from disk, within the same limits and in the same worker as an upload. */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { PopulationFileError } from './rows.js';
import { fileTooLarge, parsePopulationUpload, POPULATION_LIMITS, type PopulationLimits } from './upload.js';
import type { PopulationCase } from '../core/sampling/index.js';

export async function readPopulationFile(path: string, limits: PopulationLimits = POPULATION_LIMITS): Promise<PopulationCase[]> {
  const name = basename(path);
  let data: Buffer;
  try {
    // A file over the limit is refused by its size, without reading it.
    const { size } = await stat(path);
    if (size > limits.maxFileBytes) throw fileTooLarge(name, size, limits);
    data = await readFile(path);
  } catch (err) {
    if (err instanceof PopulationFileError) throw err;
    throw new PopulationFileError(name, [{ line: 0, column: null, reason: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  return parsePopulationUpload(data, name, limits);
}
