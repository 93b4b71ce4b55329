/**
 * A name that says what the file holds and when it was made, so two exports never read alike:
 * usage-acme-2026-11-01_2026-11-30-all-areas-20261201T153012Z.csv,
 * usage-acme+globex-2026-11-01_2026-12-14-compute+gpu-20261201T153012Z.csv
 */
export function exportFilename(slugs: string[], start: string, end: string, productAreas: string[] | null, createdAt: Date): string {
  const who = slugs.length <= 4 ? slugs.join("+") : `${slugs[0]}+${slugs.length - 1}-more`;
  const areas = !productAreas ? "all-areas" : productAreas.length <= 3 ? productAreas.join("+") : `${productAreas.length}-areas`;
  const made = createdAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return `usage-${who}-${start}_${end}-${areas}-${made}.csv`.replace(/[^A-Za-z0-9._+-]/g, "_");
}
