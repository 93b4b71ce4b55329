/** e.g. usage-acme-2026-11-01_2026-11-30.csv, or usage-acme+globex-2026-11-01_2026-12-14.csv */
export function exportFilename(slugs: string[], start: string, end: string): string {
  const who = slugs.length <= 4 ? slugs.join("+") : `${slugs[0]}+${slugs.length - 1}-more`;
  return `usage-${who}-${start}_${end}.csv`.replace(/[^A-Za-z0-9._+-]/g, "_");
}
