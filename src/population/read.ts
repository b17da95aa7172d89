/** Reads a population file from disk, choosing CSV or XLSX by its extension (exceljs is loaded only for XLSX). */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parsePopulationCsv } from './csv.js';
import { PopulationFileError } from './rows.js';
import type { PopulationCase } from '../core/sampling/index.js';

export async function readPopulationFile(path: string): Promise<PopulationCase[]> {
  const name = basename(path);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new PopulationFileError(name, [{ line: 0, column: null, reason: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  const ext = extname(path).toLowerCase();
  const xlsx = async (): Promise<PopulationCase[]> => (await import('./xlsx.js')).parsePopulationXlsx(data, name);
  if (ext === '.xlsx') return xlsx();
  if (ext === '.csv' || ext === '.txt') return parsePopulationCsv(data.toString('utf8'), name);
  // Sniff: an XLSX is a zip file.
  if (data[0] === 0x50 && data[1] === 0x4b) return xlsx();
  return parsePopulationCsv(data.toString('utf8'), name);
}
