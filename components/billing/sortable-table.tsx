"use client";

import { useState, type ReactNode } from "react";
import { TableScroll } from "@/components/layout/table-scroll";

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Sort value; columns without one are not sortable. */
  sortValue?: (row: Row) => string | number;
  /** Orders two rows instead of comparing their sort values (exact decimals). */
  compare?: (a: Row, b: Row) => number;
  numeric?: boolean;
  /** Left out on narrow screens (the figure it qualifies carries it there instead). */
  wideOnly?: boolean;
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
    <TableScroll label={caption}>
      <table>
        <caption className="skip-link">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = c.key === sort.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={cellClass(c)}
                  aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}
                >
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
