import {
  flexRender,
  getCoreRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned, tabular figures. */
    numeric?: boolean;
    /** Extra class on the column's cells, e.g. `col-sticky`, `col-hide-narrow`. */
    className?: string;
  }
}

interface DataTableProps<T> {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  caption?: string;
  getRowId?: (row: T) => string;
  rowTestId?: (row: T) => string;
  onRowClick?: (row: T) => void;
  initialSorting?: SortingState;
  /** Sort by clicking the headers (off for lists sorted by the server). */
  sortable?: boolean;
  /** Render the column footers (e.g. a total row). */
  showFooter?: boolean;
  /** Page on the client with this many rows per page. */
  pageSize?: number;
  emptyText?: string;
  /** On a phone, show each row as a small card of label: value lines instead of a wide table. */
  stackOnNarrow?: boolean;
}

/** A TanStack Table v8 table: sortable headers, optional footer and client-side paging. */
export function DataTable<T>({
  data,
  columns,
  caption,
  getRowId,
  rowTestId,
  onRowClick,
  initialSorting = [],
  sortable = true,
  showFooter = false,
  pageSize,
  emptyText,
  stackOnNarrow = false,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const f = useFormat();
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    enableSorting: sortable,
    getRowId: getRowId ? (row) => getRowId(row) : undefined,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    ...(pageSize ? { getPaginationRowModel: getPaginationRowModel(), initialState: { pagination: { pageIndex: 0, pageSize } } } : {}),
  });
  const rows = table.getRowModel().rows;

  return (
    <div className="table-block">
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className={stackOnNarrow ? 'table table--stack' : 'table'}>
          {caption && <caption className="visually-hidden">{caption}</caption>}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const numeric = header.column.columnDef.meta?.numeric;
                  const sorted = header.column.getIsSorted();
                  const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={cellClass(numeric, header.column.columnDef.meta?.className)}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                          {content}
                          <span className="sort__mark" aria-hidden="true">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        content
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="table__empty">
                  {emptyText ?? t('common.noRows')}
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr
                key={row.id}
                data-testid={rowTestId?.(row.original)}
                className={onRowClick ? 'row--clickable' : undefined}
                onClick={onRowClick ? () => onRowClick(row.original) : undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={cellClass(cell.column.columnDef.meta?.numeric, cell.column.columnDef.meta?.className)}
                    data-col={cell.column.id}
                    data-label={typeof cell.column.columnDef.header === 'string' ? cell.column.columnDef.header : undefined}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          {showFooter && (
            <tfoot>
              {table.getFooterGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <td key={header.id} className={cellClass(header.column.columnDef.meta?.numeric, header.column.columnDef.meta?.className)} data-col={header.column.id}>
                      {header.isPlaceholder ? null : flexRender(header.column.columnDef.footer, header.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
            </tfoot>
          )}
        </table>
      </div>
      {pageSize && table.getPageCount() > 1 && (
        <nav className="pager" aria-label={t('common.pagination')}>
          <span className="pager__range">
            {t('common.range', {
              from: f.num(table.getState().pagination.pageIndex * pageSize + 1),
              to: f.num(Math.min(data.length, (table.getState().pagination.pageIndex + 1) * pageSize)),
              total: f.num(data.length),
            })}
          </span>
          <span className="pager__buttons">
            <button type="button" className="button button--secondary button--small" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
              ‹ {t('common.prev')}
            </button>
            <span className="pager__page">
              {t('common.pageOf', { page: f.num(table.getState().pagination.pageIndex + 1), pages: f.num(table.getPageCount()) })}
            </span>
            <button type="button" className="button button--secondary button--small" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
              {t('common.next')} ›
            </button>
          </span>
        </nav>
      )}
    </div>
  );
}

function cellClass(numeric: boolean | undefined, extra: string | undefined): string | undefined {
  const names = [numeric ? 'num' : '', extra ?? ''].filter(Boolean).join(' ');
  return names || undefined;
}
