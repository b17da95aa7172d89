/** The population adapter: CSV or XLSX files of the eligible population into the core's cases. */
export { readPopulationFile } from './read.js';
export { parsePopulationCsv } from './csv.js';
export { parsePopulationXlsx } from './xlsx.js';
export { PopulationFileError, formatIssue, refProblem, COLUMNS, type RowIssue } from './rows.js';
export { renderChartSvg } from './chart.js';
export * from './mapping.js';
export { PopulationLimitError } from './rows.js';
export { parsePopulationUpload, POPULATION_LIMITS, type PopulationLimits } from './upload.js';
