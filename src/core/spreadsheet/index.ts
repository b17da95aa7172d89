/**
 * Text bound for a spreadsheet (CSV downloads): a cell that starts with = + - @, a tab or a carriage return
 * would be read as a formula, so it gets a leading apostrophe (OWASP "CSV injection").
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The same for a cell that may be a number: numbers are left as they are. */
export function spreadsheetCell<T>(value: T): T | string {
  return typeof value === 'string' ? spreadsheetText(value) : value;
}
