package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"orgsite/internal/content"
)

const callCols = entryCols + `, t.type, t.reference, t.deadline`

const callFrom = ` FROM calls t`

func scanCall(r row) (content.Call, bool, error) {
	var c content.Call
	es := entryScan{e: &c.Entry}
	var deadline int64
	if err := r.Scan(append(es.dest(), &c.Type, &c.Reference, &deadline)...); err != nil {
		return c, false, err
	}
	deleted := es.finish()
	c.Deadline = time.Unix(deadline, 0).UTC()
	return c, deleted, nil
}

// PublicCall returns the call the public sees at slug, with its documents
// and tags; a closed call is still public.
func (s *Store) PublicCall(ctx context.Context, lang content.Lang, slug string, now time.Time) (content.Call, error) {
	c, err := itemBy(ctx, s, content.KindCall, scanCall, callCols, callFrom, true, lang, slug, now)
	if err != nil {
		return c, err
	}
	return c, s.callDetails(ctx, &c)
}

// CallByID returns any call, for staff.
func (s *Store) CallByID(ctx context.Context, id int64) (content.Call, error) {
	c, err := itemBy(ctx, s, content.KindCall, scanCall, callCols, callFrom, false, id)
	if err != nil {
		return c, err
	}
	return c, s.callDetails(ctx, &c)
}

func (s *Store) callDetails(ctx context.Context, c *content.Call) error {
	var err error
	if c.Tags, err = s.itemTags(ctx, "call_tags", "call_id", c.ID); err != nil {
		return err
	}
	c.Documents, err = queryAll(ctx, s.read, func(r row) (content.Document, error) {
		var d documentScan
		err := r.Scan(d.dest()...)
		return d.document(), err
	}, "SELECT "+documentCols+" FROM call_documents cd JOIN media d ON d.id = cd.media_id WHERE cd.call_id = ? ORDER BY cd.position, d.id", c.ID)
	if err != nil {
		return fmt.Errorf("store: documents of call %d: %w", c.ID, err)
	}
	return nil
}

// SaveCall creates (ID 0) or updates a call with its tags and its
// documents (library ids, in order); see SaveNews.
func (s *Store) SaveCall(ctx context.Context, c *content.Call, tags []string, documents []int64, now time.Time) error {
	w := entryWrite{kind: content.KindCall, e: &c.Entry,
		cols: []string{"type", "reference", "deadline"},
		vals: []any{c.Type, c.Reference, c.Deadline.Unix()}}
	more := func(tx *sql.Tx) error {
		c.Tags = tagList(tags)
		if err := setTags(ctx, tx, "call_tags", "call_id", c.ID, tags); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM call_documents WHERE call_id = ?", c.ID); err != nil {
			return err
		}
		c.Documents = c.Documents[:0]
		for i, id := range documents {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO call_documents (call_id, media_id, position) VALUES (?, ?, ?)", c.ID, id, i); err != nil {
				return err
			}
			c.Documents = append(c.Documents, content.Document{MediaID: id})
		}
		return nil
	}
	return s.saveEntry(ctx, w, now, more, func() any { return c }, c.Reference)
}

// PublicCalls lists the published calls of a language: the open ones by
// deadline, soonest first, then the closed ones, latest deadline first.
func (s *Store) PublicCalls(ctx context.Context, lang content.Lang, now time.Time, limit, offset int) ([]content.Call, int, error) {
	where := " WHERE t.lang = :lang AND " + visible
	args := []any{sql.Named("lang", lang), sql.Named("now", now.Unix())}
	var total int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM calls t"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count calls: %w", err)
	}
	out, err := queryAll(ctx, s.read, listed(scanCall), "SELECT "+callCols+callFrom+where+`
		ORDER BY t.deadline <= :now, CASE WHEN t.deadline > :now THEN t.deadline ELSE -t.deadline END, t.id LIMIT :limit OFFSET :offset`,
		append(args, sql.Named("limit", limit), sql.Named("offset", offset))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list calls: %w", err)
	}
	return out, total, nil
}

// OpenCalls lists the published calls of a language open at now, with
// their bodies, the latest published first, for the feed.
func (s *Store) OpenCalls(ctx context.Context, lang content.Lang, now time.Time, limit int) ([]content.Call, error) {
	out, err := queryAll(ctx, s.read, listed(scanCall), "SELECT "+callCols+callFrom+` WHERE t.lang = :lang AND `+visible+`
		AND t.deadline > :now ORDER BY t.published_at DESC, t.id DESC LIMIT :limit`, sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: open calls: %w", err)
	}
	return out, nil
}
