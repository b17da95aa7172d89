/** Reads a population workbook (first worksheet, header in its first row) into cases, with exceljs. */
import ExcelJS from 'exceljs';
import { checkRowCount, PopulationFileError, toPopulation, type RawRow } from './rows.js';
import type { PopulationCase } from '../core/sampling/index.js';

/** A cell as text; real date cells become YYYY-MM-DD (exceljs gives them as UTC midnight). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

export async function parsePopulationXlsx(data: Uint8Array, file = 'population.xlsx', options: { maxRows?: number } = {}): Promise<PopulationCase[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new PopulationFileError(file, [{ line: 1, column: null, reason: `not readable as an Excel workbook (.xlsx): ${(err as Error).message}` }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new PopulationFileError(file, [{ line: 1, column: null, reason: 'the workbook has no worksheet' }]);
  // The header row and the data rows: a sheet of a million rows is refused before they are read.
  checkRowCount(file, sheet.actualRowCount - 1, options.maxRows);
  const rows: RawRow[] = [];
  let header: string[] | null = null;
  let headerLine = 1;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: values[0] is unused
    const cells = values.slice(1).map(cellText);
    if (cells.every((c) => c.trim() === '')) return;
    if (header === null) {
      header = cells;
      headerLine = rowNumber;
      return;
    }
    rows.push({ line: rowNumber, cells });
  });
  if (header === null) throw new PopulationFileError(file, [{ line: 1, column: null, reason: 'the first worksheet is empty; it needs a header row and one row per case' }]);
  const width = (header as string[]).length;
  // Trailing empty cells are not stored by Excel: pad short rows to the header's width.
  const padded = rows.map((r) => (r.cells.length < width ? { ...r, cells: [...r.cells, ...new Array<string>(width - r.cells.length).fill('')] } : r));
  return toPopulation(file, header, padded, headerLine);
}
