package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"orgsite/internal/content"
)

// ListFilter narrows an admin list.
type ListFilter struct {
	State content.State // "" for all
	Query string        // words in the title
	// Author keeps only the items a user wrote first (a contributor's
	// own); 0 for everyone's.
	Author int64
	Sort   ListSort
	Limit  int
	Offset int
}

// ListSort orders an admin list.
type ListSort string

// The orders of an admin list: last changed first (the default), newest
// publication time first, or by the kind's own date (an event's start, a
// call's deadline), latest first.
const (
	SortChanged   ListSort = ""
	SortPublished ListSort = "published"
	SortDate      ListSort = "date"
)

// orderBy is the ORDER BY of an admin list of kind k.
func (o ListSort) orderBy(k content.Kind) string {
	switch {
	case o == SortPublished:
		return "t.published_at IS NULL, t.published_at DESC, t.id DESC"
	case o == SortDate && storages[k].dateCol != "":
		return storages[k].dateCol + " DESC, t.id DESC"
	}
	return "t.updated_at DESC, t.id DESC"
}

// ListRow is one line of an admin list.
type ListRow struct {
	Kind       content.Kind
	Entry      content.Entry
	EditorName string // who saved it last
	Extra      string // a kind's word beside the title: see storage.listExtra
}

var stateWhere = map[content.State]string{
	content.StateDraft:     "t.status = 'draft'",
	content.StateScheduled: "t.status = 'published' AND t.published_at > :now",
	content.StatePublished: "t.status = 'published' AND t.published_at <= :now AND (t.expires_at IS NULL OR t.expires_at > :now)",
	content.StateExpired:   "t.status = 'published' AND t.expires_at <= :now",
}

// AdminList lists the items of a kind for staff in the filter's order,
// with the total that match the filter.
func (s *Store) AdminList(ctx context.Context, k content.Kind, f ListFilter, now time.Time) ([]ListRow, int, error) {
	where := []string{"t.deleted_at IS NULL"}
	args := []any{sql.Named("now", now.Unix()), sql.Named("limit", f.Limit), sql.Named("offset", f.Offset)}
	if w, ok := stateWhere[f.State]; ok {
		where = append(where, w)
	}
	if f.Author != 0 {
		where = append(where, "t.author_id = :author")
		args = append(args, sql.Named("author", f.Author))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "t.title LIKE :q ESCAPE '\\'")
		args = append(args, sql.Named("q", "%"+strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q)+"%"))
	}
	extra := cmp.Or(storages[k].listExtra, "''")
	from := " FROM " + table(k) + " t WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: admin list %s: %w", k, err)
	}
	rows, err := s.read.QueryContext(ctx, "SELECT "+entryCols+`, `+extra+`,
		coalesce((SELECT u.name FROM revisions r JOIN users u ON u.id = r.user_id WHERE r.kind = '`+string(k)+`' AND r.ref_id = t.id ORDER BY r.id DESC LIMIT 1), '')`+
		from+" ORDER BY "+f.Sort.orderBy(k)+" LIMIT :limit OFFSET :offset", args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: admin list %s: %w", k, err)
	}
	defer rows.Close()
	var out []ListRow
	for rows.Next() {
		r := ListRow{Kind: k}
		es := entryScan{e: &r.Entry}
		if err := rows.Scan(append(es.dest(), &r.Extra, &r.EditorName)...); err != nil {
			return nil, 0, err
		}
		es.finish()
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// Counts is how many items of each kind are in each state, for the dashboard.
type Counts map[content.Kind]map[content.State]int

// AdminCounts counts items by kind and state.
func (s *Store) AdminCounts(ctx context.Context, now time.Time) (Counts, error) {
	out := Counts{}
	for _, ki := range content.Kinds() {
		k := ki.Kind
		out[k] = map[content.State]int{}
		for st, w := range stateWhere {
			var n int
			if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+table(k)+" t WHERE t.deleted_at IS NULL AND "+w, sql.Named("now", now.Unix())).Scan(&n); err != nil {
				return nil, fmt.Errorf("store: counts: %w", err)
			}
			out[k][st] = n
		}
	}
	return out, nil
}

// SlugTaken reports whether another item of the kind and language (not
// id) uses slug, including items in the trash.
func (s *Store) SlugTaken(ctx context.Context, k content.Kind, lang content.Lang, slug string, id int64) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+table(k)+" WHERE lang = ? AND slug = ? AND id != ?", lang, slug, id).Scan(&n)
	return n > 0, err
}

// Option is a choice in a select box.
type Option struct {
	ID    int64
	Label string
}

// ProjectOptions lists every project for a select box, by title.
func (s *Store) ProjectOptions(ctx context.Context) ([]Option, error) {
	return s.options(ctx, "SELECT id, CASE WHEN acronym != '' THEN acronym || ' – ' || title ELSE title END FROM projects WHERE deleted_at IS NULL ORDER BY title")
}

// PartnerOptions lists every partner for a select box, by name.
func (s *Store) PartnerOptions(ctx context.Context) ([]Option, error) {
	return s.options(ctx, "SELECT id, name FROM partners ORDER BY name")
}

// ImageFiles lists the images of the media library, newest first, by
// their stored names, with their labels.
func (s *Store) ImageFiles(ctx context.Context) ([]Option, []string, error) {
	var names []string
	opts, err := queryAll(ctx, s.read, func(r row) (Option, error) {
		var o Option
		var name string
		err := r.Scan(&o.ID, &o.Label, &name)
		names = append(names, name)
		return o, err
	}, "SELECT id, CASE WHEN title != '' THEN title ELSE name END, name FROM media WHERE kind = 'image' ORDER BY id DESC LIMIT 500")
	if err != nil {
		return nil, nil, fmt.Errorf("store: image files: %w", err)
	}
	return opts, names, nil
}

// DocumentOptions lists the documents (PDFs) of the media library, newest
// first, with their page counts.
func (s *Store) DocumentOptions(ctx context.Context) ([]Option, error) {
	return s.options(ctx, `SELECT id, CASE WHEN title != '' THEN title ELSE name END ||
		CASE WHEN pages > 0 THEN ' (' || pages || ' pages)' ELSE '' END FROM media WHERE kind = 'document' ORDER BY id DESC LIMIT 500`)
}

// ImageOptions lists the images of the media library, newest first.
func (s *Store) ImageOptions(ctx context.Context) ([]Option, error) {
	return s.options(ctx, "SELECT id, CASE WHEN title != '' THEN title ELSE name END FROM media WHERE kind = 'image' ORDER BY id DESC LIMIT 500")
}

func (s *Store) options(ctx context.Context, query string) ([]Option, error) {
	out, err := queryAll(ctx, s.read, func(rows row) (Option, error) {
		var o Option
		err := rows.Scan(&o.ID, &o.Label)
		return o, err
	}, query)
	if err != nil {
		return nil, fmt.Errorf("store: options: %w", err)
	}
	return out, nil
}
