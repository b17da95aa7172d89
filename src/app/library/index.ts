/** The library of published inspections: its use cases, correctable fields and CSV export. */
export {
  canManageLibrary,
  HISTORY_ENTITY,
  inspectionSubject,
  libraryService,
  MAX_REPORT_BYTES,
  reportSubject,
  type LibraryCorrection,
  type LibraryEntry,
  type LibraryFilter,
  type LibraryReport,
  type LibraryService,
  type PublishedInspection,
} from './service.js';
export { applyCorrection, correctableFields, CorrectionError, RATINGS, type CorrectableField, type Correction } from './fields.js';
export { benchmarkCsv, BENCHMARK_CSV_HEADER } from './csv.js';
