// The years a date in a request may name. Outside them the caller made a mistake: before, nothing
// was billed; far after, JavaScript's and PostgreSQL's calendars stop agreeing. Kept free of zod:
// the dashboard's client code uses it too.
const FIRST_YEAR = 1970;
const LAST_YEAR = 2999;

export const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;
export const YEARS = `between ${FIRST_YEAR} and ${LAST_YEAR}`;
