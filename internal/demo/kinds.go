package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
	"orgsite/internal/pdfdoc"
	"orgsite/internal/store"
)

// seedMore saves the demo's publications, events and calls, after the
// projects they name.
func (s *seeder) seedMore(ctx context.Context) error {
	if err := s.each(ctx, "publications", s.savePublication); err != nil {
		return err
	}
	if err := s.each(ctx, "events", s.saveEvent); err != nil {
		return err
	}
	return s.each(ctx, "calls", s.saveCall)
}

func (s *seeder) project(d doc) (int64, error) {
	slug := d.get("project")
	if slug == "" {
		return 0, nil
	}
	id := s.projectIDs[slug]
	if id == 0 {
		return 0, fmt.Errorf("demo: %s: unknown project %q", d.name, slug)
	}
	return id, nil
}

func (s *seeder) savePublication(ctx context.Context, d doc) (content.Entry, error) {
	e, err := s.entry(d)
	if err != nil {
		return e, err
	}
	p := content.Publication{Entry: e, Type: content.PublicationType(d.get("type")), Authors: content.SplitList(d.get("authors")),
		DocLang: content.Lang(d.get("doc_lang")), DOI: d.get("doi")}
	if v := d.get("isbn"); v != "" {
		if p.ISBN, err = content.CheckISBN(v); err != nil {
			return e, fmt.Errorf("demo: %s: %w", d.name, err)
		}
	}
	if p.ProjectID, err = s.project(d); err != nil {
		return e, err
	}
	// The document is written for the demo: the title, the authors and
	// the page's text, as a real PDF that the upload path reads back.
	if p.Document.MediaID, err = s.document(ctx, d.get("title"), d.get("authors"), paragraphs(d.body)); err != nil {
		return e, err
	}
	if kind := d.get("image"); kind != "" {
		id, err := s.illustration(ctx, kind, d.get("image_alt"))
		if err != nil {
			return e, err
		}
		p.Cover = content.Image{MediaID: id, Alt: d.get("image_alt"), Credit: d.get("image_credit")}
	}
	err = s.st.SavePublication(ctx, &p, content.SplitList(d.get("tags")), s.now)
	return p.Entry, err
}

// paragraphs is a Markdown body as plain paragraphs, for a demo PDF.
func paragraphs(md string) []string {
	var out []string
	for _, p := range strings.Split(markdown.PlainText(markdown.Render(md)), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// document writes a PDF and stores it in the media library as an upload
// would be: checked, its pages counted and its text read.
func (s *seeder) document(ctx context.Context, title, authors string, text []string) (int64, error) {
	var b bytes.Buffer
	if err := pdfdoc.Write(&b, title, authors, text); err != nil {
		return 0, fmt.Errorf("demo: document %q: %w", title, err)
	}
	f, err := s.ms.Save(&b)
	if err != nil {
		return 0, fmt.Errorf("demo: document %q: %w", title, err)
	}
	m := store.Media{Name: f.Name, Kind: string(f.Kind), MIME: f.MIME, Size: f.Size, Title: title + ".pdf", Pages: f.Pages, Text: f.Text}
	if err := s.st.AddMedia(ctx, &m, s.now); err != nil {
		return 0, err
	}
	return m.ID, nil
}

// localTime reads a demo header's time ("2027-01-27T10:00") or, for an
// all-day event, date in the organisation's zone.
func (s *seeder) localTime(d doc, key string) (time.Time, error) {
	v := d.get(key)
	layout := "2006-01-02T15:04"
	if !strings.Contains(v, "T") {
		layout = time.DateOnly
	}
	t, err := time.ParseInLocation(layout, v, s.zone)
	if err != nil {
		return t, fmt.Errorf("demo: %s: %s: %w", d.name, key, err)
	}
	return t.UTC(), nil
}

func (s *seeder) saveEvent(ctx context.Context, d doc) (content.Entry, error) {
	e, err := s.entry(d)
	if err != nil {
		return e, err
	}
	ev := content.Event{Entry: e, AllDay: d.get("all_day") == "yes", Venue: d.get("venue"), City: d.get("city"), Country: d.get("country"),
		OnlineURL: d.get("online_url"), RegistrationURL: d.get("registration_url")}
	if ev.StartsAt, err = s.localTime(d, "starts"); err != nil {
		return e, err
	}
	if ev.EndsAt, err = s.localTime(d, "ends"); err != nil {
		return e, err
	}
	if ev.AllDay {
		ev.EndsAt = ev.EndsAt.In(s.zone).AddDate(0, 0, 1).UTC() // the day after the last
	}
	ev.OverAt = content.OverAt(ev.StartsAt, ev.EndsAt, s.zone)
	if d.get("registration_deadline") != "" {
		if ev.RegistrationDeadline, err = s.localTime(d, "registration_deadline"); err != nil {
			return e, err
		}
	}
	if ev.ProjectID, err = s.project(d); err != nil {
		return e, err
	}
	err = s.st.SaveEvent(ctx, &ev, content.SplitList(d.get("tags")), s.now)
	return ev.Entry, err
}

func (s *seeder) saveCall(ctx context.Context, d doc) (content.Entry, error) {
	e, err := s.entry(d)
	if err != nil {
		return e, err
	}
	c := content.Call{Entry: e, Type: content.CallType(d.get("type")), Reference: d.get("reference")}
	if c.Deadline, err = s.localTime(d, "deadline"); err != nil {
		return e, err
	}
	var docs []int64
	for _, title := range content.SplitList(d.get("documents")) {
		id, err := s.document(ctx, title, "International Migration Policy Centre", []string{c.Title, "Reference: " + c.Reference, c.Summary})
		if err != nil {
			return e, err
		}
		docs = append(docs, id)
	}
	err = s.st.SaveCall(ctx, &c, content.SplitList(d.get("tags")), docs, s.now)
	return c.Entry, err
}
