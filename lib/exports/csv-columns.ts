// The usage CSV's columns: a contract finance reads by name and by position. Columns are only
// ever appended, never renamed or reordered (docs/decisions/0093-estimate-rows-range-and-time.md).
export const CSV_COLUMNS = [
  "row_type",
  "workspace",
  "workspace_name",
  "usage_date",
  "product_area",
  "product_area_name",
  "unit",
  "quantity",
  "source_event_count",
  // Money, on totals rows of billing-period exports only (tiers make a day's cost undefined).
  "currency",
  "amount",
  // An open period's estimate rows only: the projection's range and when it was made (0093).
  "quantity_p10",
  "quantity_p90",
  "amount_p10",
  "amount_p90",
  "estimated_at",
];

/** The cells after source_event_count: empty on every day row, so each line has every column. */
export const DAY_ROW_EMPTY_CELLS = CSV_COLUMNS.length - CSV_COLUMNS.indexOf("source_event_count") - 1;
