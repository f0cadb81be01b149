package store

import (
	"context"
)

// row is a row to scan, from a query or a QueryRow.
type row = interface{ Scan(...any) error }

// scanner reads one row into a value.
type scanner[T any] func(r row) (T, error)

// queryAll runs a read and scans every row it returns.
func queryAll[T any](ctx context.Context, q querier, scan scanner[T], query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryPage is one page of a list and the list's total: count is the
// query that counts the whole list, list the one that reads it, with two
// more placeholders for LIMIT and OFFSET; both take args.
func queryPage[T any](ctx context.Context, q querier, scan scanner[T], count, list string, args []any, limit, offset int) ([]T, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := queryAll(ctx, q, scan, list+" LIMIT ? OFFSET ?", append(args[:len(args):len(args)], limit, offset)...)
	return out, total, err
}

// listed is a row scanner of an entry kind for lists, which never hold
// items in the trash.
func listed[T any](scan func(r row) (T, bool, error)) scanner[T] {
	return func(r row) (T, error) {
		v, _, err := scan(r)
		return v, err
	}
}
