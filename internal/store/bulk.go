package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// ImportNews adds many news items in one transaction, for corpora and
// imports from an earlier site: no revisions or audit lines per item, one
// audit line for the import. Items carry their rendered BodyHTML (callers
// render each distinct body once); tags[i] are the tag names of items[i].
func (s *Store) ImportNews(ctx context.Context, items []content.News, tags [][]string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO news (lang, slug, title, summary, body_md, body_html, status, published_at,
			expires_at, project_id, lead_media_id, lead_alt, lead_credit, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
		if err != nil {
			return err
		}
		defer ins.Close()
		texts := map[[2]string]bodyText{} // by language and body: bodies repeat in a corpus
		var rows []searchRow
		for i := range items {
			n := &items[i]
			if err := insertImported(ctx, ins, n, now); err != nil {
				return fmt.Errorf("item %d (%s): %w", i, n.Slug, err)
			}
			if i < len(tags) {
				if err := setTags(ctx, tx, "news_tags", "news_id", n.ID, tags[i]); err != nil {
					return err
				}
			}
			key := [2]string{string(n.Lang), n.BodyHTML}
			t, ok := texts[key]
			if !ok {
				plain := markdown.PlainText(n.BodyHTML)
				t = bodyText{plain, hidden(n.Lang, plain)}
				texts[key] = t
			}
			if row, ok := searchRowOf(content.KindNews, n.Entry, t.plain, t.hidden); ok {
				rows = append(rows, row)
			}
		}
		if err := insertSearch(ctx, tx, rows); err != nil {
			return err
		}
		// Each imported item starts a translation group of its own.
		if _, err := tx.ExecContext(ctx, "UPDATE news SET group_id = id WHERE group_id IS NULL"); err != nil {
			return err
		}
		return audit(ctx, tx, now, "news imported", "", fmt.Sprintf("%d items", len(items)))
	})
	if isConstraint(err) {
		return fmt.Errorf("store: import news: %w", content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: import news: %w", err)
	}
	return nil
}

// bodyText is an imported body as the index holds it.
type bodyText struct {
	plain  string
	hidden hiddenText
}

// insertImported inserts one imported item with the prepared statement.
func insertImported(ctx context.Context, ins *sql.Stmt, n *content.News, now time.Time) error {
	importDefaults(&n.Entry, now)
	err := ins.QueryRowContext(ctx, n.Lang, n.Slug, n.Title, n.Summary, n.BodyMD, n.BodyHTML, n.Status, unix(n.PublishedAt), unix(n.ExpiresAt),
		nullID(n.ProjectID), nullID(n.LeadImage.MediaID), n.LeadImage.Alt, n.LeadImage.Credit, nullID(n.AuthorID),
		n.CreatedAt.Unix(), n.UpdatedAt.Unix()).Scan(&n.ID)
	n.Group = n.ID
	return err
}

// importDefaults fills what an imported entry may leave out: the default
// language, the publication time of a published item without one, the
// rendered body (unless the caller rendered it) and its times.
func importDefaults(e *content.Entry, now time.Time) {
	e.Lang = cmp.Or(e.Lang, content.DefaultLang)
	e.PublishedAt = content.PublicationTime(e.Status, e.PublishedAt, now)
	if e.BodyHTML == "" {
		e.BodyHTML = markdown.Render(e.BodyMD)
	}
	e.CreatedAt = cmp.Or(e.CreatedAt, now)
	e.UpdatedAt = cmp.Or(e.UpdatedAt, e.CreatedAt)
}
