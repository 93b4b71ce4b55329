"use client";

import { useState, type ReactNode } from "react";
import { TableScroll } from "@/components/layout/table-scroll";
import { compareInCurrency, currenciesOf, type Amounts } from "@/lib/format/money-format";

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Sort value; columns without one (or `amounts`) are not sortable. */
  sortValue?: (row: Row) => string | number;
  /** Orders two rows instead of comparing their sort values (exact decimals). */
  compare?: (a: Row, b: Row) => number;
  /** Money: sorted within one currency at a time, chosen in the header when there are several. */
  amounts?: (row: Row) => Amounts;
  numeric?: boolean;
  /** Left out on narrow screens (the figure it qualifies carries it there instead). */
  wideOnly?: boolean;
}

interface Sort {
  key: string;
  descending: boolean;
  /** For a money column: the currency it is sorted by. */
  currency?: string;
}

interface SortableTableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  initialSort: Sort;
}

function sortRows<Row>(rows: Row[], column: Column<Row> | undefined, sort: Sort): Row[] {
  if (column?.amounts && sort.currency) {
    const amounts = column.amounts;
    return [...rows].sort((a, b) => compareInCurrency(amounts(a), amounts(b), sort.currency!, sort.descending));
  }
  if (!column?.sortValue) return rows;
  const value = column.sortValue;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = column.compare
      ? column.compare(a, b)
      : typeof x === "number" && typeof y === "number"
        ? x - y
        : String(x).localeCompare(String(y));
    return sort.descending ? -order : order;
  });
}

export function SortableTable<Row>({ caption, columns, rows, rowKey, initialSort }: SortableTableProps<Row>) {
  const [sort, setSort] = useState(initialSort);
  const column = columns.find((c) => c.key === sort.key);
  const sorted = sortRows(rows, column, sort);
  const toggle = (c: Column<Row>, currency?: string) => {
    const active = c.key === sort.key && sort.currency === currency;
    setSort({ key: c.key, currency, descending: active ? !sort.descending : Boolean(c.numeric) });
  };
  const arrow = (active: boolean) => <span aria-hidden="true">{active ? (sort.descending ? " ↓" : " ↑") : " ↕"}</span>;
  return (
    <TableScroll label={caption}>
      <table>
        <caption className="skip-link">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = c.key === sort.key;
              const currencies = c.amounts ? currenciesOf(rows.map(c.amounts)) : [];
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={cellClass(c)}
                  aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}
                >
                  {currencies.length > 1 ? (
                    // Amounts in different currencies are never compared: one sort per currency.
                    <span className="currency-sorts">
                      {c.header}
                      {active && sort.currency && <span className="muted"> (by {sort.currency})</span>}
                      {currencies.map((currency) => (
                        <button
                          key={currency}
                          type="button"
                          className="sort-button currency-sort"
                          aria-label={`Sort ${c.header} by ${currency} amount`}
                          onClick={() => toggle(c, currency)}
                        >
                          {currency}
                          {arrow(active && sort.currency === currency)}
                        </button>
                      ))}
                    </span>
                  ) : c.sortValue || currencies.length === 1 ? (
                    <button type="button" className="sort-button" onClick={() => toggle(c, currencies[0])}>
                      {c.header}
                      {arrow(active)}
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={cellClass(c)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function cellClass(column: { numeric?: boolean; wideOnly?: boolean }): string | undefined {
  return [column.numeric && "numeric", column.wideOnly && "wide-only"].filter(Boolean).join(" ") || undefined;
}
