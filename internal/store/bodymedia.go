package store

import (
	"context"
	"database/sql"
	"strings"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// maxBodyMedia bounds the library files one body is drawn with; past it,
// images show as written.
const maxBodyMedia = 200

// renderBody renders a body with the library files it refers to, read in
// one query. Bodies are rendered when saved, so pages never look media up.
func renderBody(ctx context.Context, q querier, md string) (string, error) {
	lib, err := bodyLibrary(ctx, q, md)
	if err != nil {
		return "", err
	}
	return markdown.RenderWith(md, lib), nil
}

// RenderBody is the body as it will be saved, for a preview.
func (s *Store) RenderBody(ctx context.Context, md string) (string, error) {
	return renderBody(ctx, s.read, md)
}

// bodyLibrary reads the library files a body mentions. Each stem is a
// range of the name index: the original and its copies share it.
func bodyLibrary(ctx context.Context, q querier, md string) (markdown.Library, error) {
	stems := markdown.MediaStems(md, maxBodyMedia)
	if len(stems) == 0 {
		return nil, nil
	}
	conds := make([]string, len(stems))
	args := make([]any, 0, 2*len(stems))
	for i, s := range stems {
		conds[i] = "(name > ? AND name < ?)"
		args = append(args, s, s+"~")
	}
	files, err := queryAll(ctx, q, scanMedia, "SELECT "+mediaCols+" FROM media WHERE "+strings.Join(conds, " OR "), args...)
	if err != nil {
		return nil, err
	}
	lib := markdown.Library{}
	for _, m := range files {
		lib.Add(bodyMedia(m))
	}
	return lib, nil
}

// bodyMedia is a library file as the Markdown renderer needs it.
func bodyMedia(m Media) markdown.Media {
	out := markdown.Media{URL: MediaURL(m.Name), Document: m.Kind == "document", MIME: m.MIME, Size: m.Size, Pages: m.Pages,
		Width: m.Width, Height: m.Height, Title: m.Title, Alt: m.Alt, Credit: m.Credit}
	if out.Document {
		out.Type = "PDF" // the only documents the library takes
	}
	for _, v := range m.Variants {
		out.Variants = append(out.Variants, markdown.Variant{URL: MediaURL(v.Name), Width: v.Width, Height: v.Height})
	}
	return out
}

// rerenderUsers renders again, in tx, the bodies that refer to the file
// named name, so that they show its new alt text, credit or title. The
// search index keeps their text until they are next saved.
func rerenderUsers(ctx context.Context, tx *sql.Tx, name string) error {
	like := "%/media/" + name[:min(len(name), 32)] + "%"
	for _, ki := range content.Kinds() {
		type body struct {
			id int64
			md string
		}
		bodies, err := queryAll(ctx, tx, func(r row) (b body, err error) { return b, r.Scan(&b.id, &b.md) },
			"SELECT id, body_md FROM "+table(ki.Kind)+" WHERE body_md LIKE ?", like)
		if err != nil {
			return err
		}
		for _, b := range bodies {
			h, err := renderBody(ctx, tx, b.md)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE "+table(ki.Kind)+" SET body_html = ? WHERE id = ?", h, b.id); err != nil {
				return err
			}
		}
	}
	return nil
}
