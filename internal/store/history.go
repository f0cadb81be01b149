package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// audit records who did what in the same transaction as the change itself.
func audit(ctx context.Context, tx *sql.Tx, now time.Time, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO audit_log (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)",
		now.Unix(), nullID(content.Actor(ctx)), action, target, truncate(detail, 500))
	return err
}

// revise keeps a copy of a saved item as a revision.
func revise(ctx context.Context, tx *sql.Tx, kind content.Kind, id int64, v any, now time.Time) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO revisions (kind, ref_id, data, user_id, created_at) VALUES (?, ?, ?, ?, ?)",
		string(kind), id, string(data), nullID(content.Actor(ctx)), now.Unix())
	return err
}

// saved records a save of an item: its revision and an audit line.
func saved(ctx context.Context, tx *sql.Tx, kind content.Kind, created bool, e content.Entry, v any, now time.Time) error {
	if err := revise(ctx, tx, kind, e.ID, v, now); err != nil {
		return err
	}
	action := "updated"
	if created {
		action = "created"
	}
	if err := audit(ctx, tx, now, string(kind)+" "+action, itemTarget(kind, e.ID), e.Title); err != nil {
		return err
	}
	return reviewed(ctx, tx, kind, e, created, now)
}

// itemTarget names an item in the audit log.
func itemTarget(k content.Kind, id int64) string { return fmt.Sprintf("%s %d", k, id) }

// Revision is one saved version of an item.
type Revision struct {
	ID        int64
	Kind      content.Kind
	RefID     int64
	Data      string // JSON of the domain type
	UserName  string
	CreatedAt time.Time
}

// Revisions lists an item's revisions, newest first.
func (s *Store) Revisions(ctx context.Context, kind content.Kind, id int64) ([]Revision, error) {
	out, err := queryAll(ctx, s.read, scanRevision, revisionSelect+" WHERE r.kind = ? AND r.ref_id = ? ORDER BY r.id DESC", string(kind), id)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	return out, nil
}

const revisionSelect = `SELECT r.id, r.kind, r.ref_id, r.data, coalesce(u.name, 'System'), r.created_at
	FROM revisions r LEFT JOIN users u ON u.id = r.user_id`

func scanRevision(r row) (Revision, error) {
	var rev Revision
	var at int64
	err := r.Scan(&rev.ID, &rev.Kind, &rev.RefID, &rev.Data, &rev.UserName, &at)
	rev.CreatedAt = time.Unix(at, 0).UTC()
	return rev, err
}

// RevisionByID returns one revision.
func (s *Store) RevisionByID(ctx context.Context, id int64) (Revision, error) {
	r, err := scanRevision(s.read.QueryRowContext(ctx, revisionSelect+" WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, content.ErrNotFound
	}
	return r, err
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At       time.Time
	UserName string
	Action   string
	Target   string
	Detail   string
}

// AuditLog lists the latest audit entries, newest first.
func (s *Store) AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, int, error) {
	scan := func(rows row) (AuditEntry, error) {
		var e AuditEntry
		var at int64
		err := rows.Scan(&at, &e.UserName, &e.Action, &e.Target, &e.Detail)
		e.At = time.Unix(at, 0).UTC()
		return e, err
	}
	out, total, err := queryPage(ctx, s.read, scan, "SELECT count(*) FROM audit_log", `SELECT a.at, coalesce(u.name, 'System'), a.action, a.target, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC`, nil, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: audit log: %w", err)
	}
	return out, total, nil
}

// LatestAudit is the newest entry of action on target since since; ok is
// false when there is none.
func (s *Store) LatestAudit(ctx context.Context, action, target string, since time.Time) (e AuditEntry, ok bool, err error) {
	var at int64
	err = s.read.QueryRowContext(ctx, `SELECT a.at, coalesce(u.name, 'System'), a.action, a.target, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.at >= ? AND a.action = ? AND a.target = ? ORDER BY a.at DESC, a.id DESC LIMIT 1`,
		since.Unix(), action, target).Scan(&at, &e.UserName, &e.Action, &e.Target, &e.Detail)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("store: latest %s: %w", action, err)
	}
	e.At = time.Unix(at, 0).UTC()
	return e, true, nil
}

// Audit records an action that is not a content save (logins, settings).
func (s *Store) Audit(ctx context.Context, now time.Time, action, target, detail string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, now, action, target, detail) })
}

// RestoreRevision saves revision revID as the new state of item id of kind
// k, itself a new revision. What the revision points to that is gone since
// (a library image, a project, a partner) is left out. A revision of
// another item is content.ErrNotFound; a slug taken since, ErrConflict.
func (s *Store) RestoreRevision(ctx context.Context, k content.Kind, id, revID int64, now time.Time) error {
	rev, err := s.RevisionByID(ctx, revID)
	if err != nil {
		return err
	}
	if rev.Kind != k || rev.RefID != id {
		return content.ErrNotFound
	}
	restore := restorers[k]
	if restore == nil {
		return content.ErrNotFound
	}
	return restore(s, ctx, id, rev.Data, now)
}

// restorers save a revision's data as the item's new state, per kind.
var restorers = map[content.Kind]func(s *Store, ctx context.Context, id int64, data string, now time.Time) error{
	content.KindNews:    restoreNews,
	content.KindProject: restoreProject,
	content.KindPage:    restorePage,
	content.KindPublication: func(s *Store, ctx context.Context, id int64, data string, now time.Time) error {
		cur, err := s.PublicationByID(ctx, id)
		if err != nil {
			return err
		}
		var rev content.Publication
		if err := json.Unmarshal([]byte(data), &rev); err != nil {
			return fmt.Errorf("store: restore publication %d: %w", id, err)
		}
		p := cur // its document, type, project and tags stay; its text and cover come back
		p.Entry = content.Restore(cur.Entry, rev.Entry)
		p.Cover = content.RestoreImage(cur.Cover, rev.Cover, s.gone(ctx, rev.Cover.MediaID))
		return s.SavePublication(ctx, &p, tagNames(p.Tags), now)
	},
	content.KindEvent: func(s *Store, ctx context.Context, id int64, data string, now time.Time) error {
		cur, err := s.EventByID(ctx, id)
		if err != nil {
			return err
		}
		var rev content.Event
		if err := json.Unmarshal([]byte(data), &rev); err != nil {
			return fmt.Errorf("store: restore event %d: %w", id, err)
		}
		e := cur // its times, place and registration stay; its text comes back
		e.Entry = content.Restore(cur.Entry, rev.Entry)
		return s.SaveEvent(ctx, &e, tagNames(e.Tags), now)
	},
	content.KindCall: func(s *Store, ctx context.Context, id int64, data string, now time.Time) error {
		cur, err := s.CallByID(ctx, id)
		if err != nil {
			return err
		}
		var rev content.Call
		if err := json.Unmarshal([]byte(data), &rev); err != nil {
			return fmt.Errorf("store: restore call %d: %w", id, err)
		}
		c := cur // its deadline and documents stay; its text comes back
		c.Entry = content.Restore(cur.Entry, rev.Entry)
		docs := make([]int64, len(cur.Documents))
		for i, d := range cur.Documents {
			docs[i] = d.MediaID
		}
		return s.SaveCall(ctx, &c, tagNames(c.Tags), docs, now)
	},
}

func restoreNews(s *Store, ctx context.Context, id int64, data string, now time.Time) error {
	cur, err := s.NewsByID(ctx, id)
	if err != nil {
		return err
	}
	var rev content.News
	if err := json.Unmarshal([]byte(data), &rev); err != nil {
		return fmt.Errorf("store: restore news %d: %w", id, err)
	}
	n := cur // its tags and project stay; its text and image come back
	n.Entry = content.Restore(cur.Entry, rev.Entry)
	n.LeadImage = content.RestoreImage(cur.LeadImage, rev.LeadImage, s.gone(ctx, rev.LeadImage.MediaID))
	return s.SaveNews(ctx, &n, tagNames(n.Tags), now)
}

func restoreProject(s *Store, ctx context.Context, id int64, data string, now time.Time) error {
	cur, err := s.ProjectByID(ctx, id)
	if err != nil {
		return err
	}
	var rev ProjectRevision
	if err := json.Unmarshal([]byte(data), &rev); err != nil {
		return fmt.Errorf("store: restore project %d: %w", id, err)
	}
	p := cur // its dates, partners, tags and funding stay; its text and image come back
	p.Entry = content.Restore(cur.Entry, rev.Entry)
	p.LeadImage = content.RestoreImage(cur.LeadImage, rev.LeadImage, s.gone(ctx, rev.LeadImage.MediaID))
	return s.SaveProject(ctx, &p, tagNames(p.Tags), currentRoles(p), now)
}

func restorePage(s *Store, ctx context.Context, id int64, data string, now time.Time) error {
	cur, err := s.PageByID(ctx, id)
	if err != nil {
		return err
	}
	var rev content.Page
	if err := json.Unmarshal([]byte(data), &rev); err != nil {
		return fmt.Errorf("store: restore page %d: %w", id, err)
	}
	p := cur
	p.Entry = content.Restore(cur.Entry, rev.Entry)
	return s.SavePage(ctx, &p, now)
}

// gone reports whether a revision's lead image (media id, 0 for none) has
// been deleted from the library since.
func (s *Store) gone(ctx context.Context, mediaID int64) bool {
	return mediaID != 0 && s.existing(ctx, "media", mediaID) == 0
}

// existing is id when a row with it is still in table (not in the trash,
// for content), else 0.
func (s *Store) existing(ctx context.Context, table string, id int64) int64 {
	if id == 0 {
		return 0
	}
	q := "SELECT count(*) FROM " + table + " WHERE id = ?"
	if table == "projects" {
		q += " AND deleted_at IS NULL"
	}
	var n int
	if err := s.read.QueryRowContext(ctx, q, id).Scan(&n); err != nil || n == 0 {
		return 0
	}
	return id
}

// tagNames are the names of tags, as a save takes them.
func tagNames(tags []content.Tag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Name
	}
	return out
}

// currentRoles are a loaded project's partners by role, to save them as
// they are.
func currentRoles(p content.Project) ProjectPartners {
	ids := func(ps []content.Partner) []int64 {
		out := make([]int64, len(ps))
		for i, pt := range ps {
			out[i] = pt.ID
		}
		return out
	}
	return ProjectPartners{Funders: ids(p.Funders), Implementers: ids(p.Implementers), Partners: ids(p.Partners)}
}
