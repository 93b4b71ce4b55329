"use client";

import { useState, type ReactNode } from "react";

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Sort value; columns without one are not sortable. */
  sortValue?: (row: Row) => string | number;
  /** Orders two rows instead of comparing their sort values (exact decimals). */
  compare?: (a: Row, b: Row) => number;
  numeric?: boolean;
}

interface SortableTableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  initialSort: { key: string; descending: boolean };
}

export function SortableTable<Row>({ caption, columns, rows, rowKey, initialSort }: SortableTableProps<Row>) {
  const [sort, setSort] = useState(initialSort);
  const column = columns.find((c) => c.key === sort.key);
  const sorted = column?.sortValue
    ? [...rows].sort((a, b) => {
        const x = column.sortValue!(a);
        const y = column.sortValue!(b);
        const order = column.compare
          ? column.compare(a, b)
          : typeof x === "number" && typeof y === "number"
            ? x - y
            : String(x).localeCompare(String(y));
        return sort.descending ? -order : order;
      })
    : rows;
  return (
    <div className="table-scroll">
      <table>
        <caption className="skip-link">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = c.key === sort.key;
              return (
                <th key={c.key} scope="col" className={c.numeric ? "numeric" : undefined} aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}>
                  {c.sortValue ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => setSort({ key: c.key, descending: active ? !sort.descending : Boolean(c.numeric) })}
                    >
                      {c.header}
                      <span aria-hidden="true">{active ? (sort.descending ? " ↓" : " ↑") : " ↕"}</span>
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
                <td key={c.key} className={c.numeric ? "numeric" : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
