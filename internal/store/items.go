package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// itemBy reads one item of kind k with scan from a query whose only
// argument is where: by language and slug for the public (whose rules
// publicCheck applies), by id for staff (never an item in the trash).
func itemBy[T content.Item](ctx context.Context, s *Store, k content.Kind, scan func(row) (T, bool, error),
	cols, from string, public bool, args ...any) (T, error) {
	where := " WHERE t.id = ? AND t.deleted_at IS NULL"
	if public {
		where = " WHERE t.lang = ? AND t.slug = ?"
	}
	v, deleted, err := scan(s.read.QueryRowContext(ctx, "SELECT "+cols+from+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, content.ErrNotFound
	}
	if err != nil {
		return v, fmt.Errorf("store: %s %v: %w", k, args, err)
	}
	if public {
		return v, publicCheck(v.Common(), deleted, args[len(args)-1].(time.Time))
	}
	return v, nil
}

// documentCols select a library document joined as d.
const documentCols = `d.id, d.name, d.title, d.mime, d.size, d.pages`

type documentScan struct {
	id, size, pages sql.NullInt64
	name, title     sql.NullString
	mime            sql.NullString
}

func (s *documentScan) dest() []any {
	return []any{&s.id, &s.name, &s.title, &s.mime, &s.size, &s.pages}
}

func (s *documentScan) document() content.Document {
	if !s.name.Valid {
		return content.Document{}
	}
	return content.Document{MediaID: s.id.Int64, URL: MediaURL(s.name.String), Title: s.title.String, MIME: s.mime.String,
		Size: s.size.Int64, Pages: int(s.pages.Int64)}
}

// itemTags loads the tags of one item of a kind with a tag link table.
func (s *Store) itemTags(ctx context.Context, link, col string, id int64) ([]content.Tag, error) {
	tags, err := tagsFor(ctx, s.read, link, col, []int64{id})
	return tags[id], err
}
