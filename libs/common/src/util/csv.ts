/**
 * A CSV cell that starts like a formula (=, +, -, @, tab, carriage return) would run when the
 * file is opened in a spreadsheet: it is quoted with a leading apostrophe (CSV injection).
 */
export const csvSafeCell = (value: string): string =>
  /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
