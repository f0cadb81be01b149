package wordpress

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
	"orgsite/internal/media"
	"orgsite/internal/store"
)

// fetch stores an attachment's file as any upload is stored (checked,
// cleaned, resized); in a dry run it is only read.
func (imp *importer) fetch(ctx context.Context, a *attachment) (media.File, error) {
	r, err := imp.open(ctx, a)
	if err != nil {
		return media.File{}, err
	}
	defer r.Close()
	if imp.opt.DryRun {
		n, err := io.Copy(io.Discard, io.LimitReader(r, imp.ms.MaxBytes+1))
		if err == nil && n > imp.ms.MaxBytes {
			err = media.ErrTooLarge
		}
		return media.File{Name: "dry-run-" + strconv.FormatInt(a.id, 10) + ".jpg", Kind: media.KindImage, MIME: "image/jpeg", Size: n}, err
	}
	return imp.ms.Save(r)
}

// addMedia records the stored files in the library, with their alt text
// and captions.
func (imp *importer) addMedia(im *store.Importer, known map[string]store.Imported) error {
	for _, p := range imp.pending {
		// The library has no caption of its own: a caption joins the
		// title people find the file by.
		title := strings.TrimSpace(p.a.title)
		if p.a.caption != "" && p.a.caption != title {
			title = strings.TrimSpace(title + ": " + plainExcerpt(p.a.caption))
		}
		m := store.Media{Name: p.f.Name, Kind: string(p.f.Kind), MIME: p.f.MIME, Size: p.f.Size, Width: p.f.Width, Height: p.f.Height,
			Title: strings.TrimPrefix(title, ": "), Alt: strings.TrimSpace(p.a.alt)}
		for _, v := range p.f.Variants {
			m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
		}
		if err := im.AddMedia(&m, p.a.guid); err != nil {
			return err
		}
		p.a.mediaID = m.ID
		imp.sum.Media.New++
	}
	return nil
}

// plan gives every entry not imported before its slug and address, and
// maps its old addresses to the new one.
func (imp *importer) plan(im *store.Importer, known map[string]store.Imported) error {
	for _, a := range imp.x.attOrder {
		if p := imp.x.localPath(a.link); p != "" && a.path != "" && !strings.Contains(a.link, "?") {
			imp.x.byPath[p] = a.path // an attachment's own page: its file
		}
	}
	planned := map[string]bool{}
	for _, e := range imp.x.entries {
		if k, ok := known[e.guid]; ok && k.Kind == string(e.kind) {
			e.done, e.path = true, k.Path
		} else {
			slug, err := imp.freeSlug(im, e, planned)
			if err != nil {
				return err
			}
			e.slug, e.path = slug, content.LangPath(imp.opt.Lang, content.DefaultLang, content.Path(e.kind, slug))
		}
		for _, p := range imp.x.oldPaths(e) {
			imp.x.byPath[p] = e.path
		}
	}
	return nil
}

// freeSlug is the entry's slug made ASCII by the slug rule, with a number
// added when it is taken (here or earlier in the import) or reserved.
func (imp *importer) freeSlug(im *store.Importer, e *entry, planned map[string]bool) (string, error) {
	name := e.name
	if dec, err := url.PathUnescape(name); err == nil {
		name = dec
	}
	base := content.Slugify(name)
	if base == "" {
		base = content.Slugify(e.title)
	}
	if base == "" {
		base = string(e.kind) + "-" + strconv.FormatInt(e.id, 10)
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = base + "-" + strconv.Itoa(i)
		}
		key := string(e.kind) + "/" + slug
		if planned[key] || content.CheckSlug(e.kind, slug) != nil {
			continue
		}
		taken, err := im.SlugTaken(e.kind, imp.opt.Lang, slug)
		if err != nil {
			return "", err
		}
		if !taken {
			planned[key] = true
			return slug, nil
		}
	}
}

// addEntries is the second pass: each post and page not imported before,
// its body converted, written. Bodies are converted by as many workers as
// the import has, while this goroutine writes them in the export's order.
func (imp *importer) addEntries(im *store.Importer, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	order, work, quit := make(chan chan prepared, 64), make(chan func(), 64), make(chan struct{})
	var readErr error
	go func() {
		defer close(order)
		defer close(work)
		_, readErr = Read(f, func(it *Item) error {
			e := imp.x.byID[it.ID]
			if e == nil || (it.Type != "post" && it.Type != "page") {
				return nil
			}
			done := make(chan prepared, 1)
			if e.done {
				done <- prepared{e: e}
			} else {
				work <- func() { done <- imp.prepare(e, it) }
			}
			select {
			case order <- done:
				return nil
			case <-quit:
				return errStopped
			}
		})
	}()
	for range max(imp.opt.Workers, 1) {
		go func() {
			for convert := range work {
				convert()
			}
		}()
	}
	err = imp.writeEntries(im, order)
	close(quit)
	for range order { // let the reader end
	}
	return cmp.Or(err, readErr)
}

var errStopped = errors.New("stopped")

// prepared is a post or page converted and ready to be written, with the
// warnings its conversion gave.
type prepared struct {
	e        *entry
	entry    content.Entry
	warnings []string
	err      error
}

// writeEntries writes the prepared entries in order.
func (imp *importer) writeEntries(im *store.Importer, order chan chan prepared) error {
	for done := range order {
		p := <-done
		if p.err != nil {
			return p.err
		}
		for _, w := range p.warnings {
			imp.sum.warn("%s", w)
		}
		if p.e.done {
			imp.sum.count(p.e.kind, "unchanged")
			continue
		}
		if err := imp.addEntry(im, p); err != nil {
			return err
		}
	}
	return nil
}

// prepare converts one post or page; it runs beside others, so it reads
// the index and writes nothing.
func (imp *importer) prepare(e *entry, it *Item) prepared {
	p := prepared{e: e}
	c := &converter{links: imp.x, item: it, warn: func(format string, args ...any) {
		p.warnings = append(p.warnings, fmt.Sprintf(format, args...))
	}}
	body, err := c.body()
	if err != nil {
		p.err = err
		return p
	}
	ent := content.Entry{Lang: imp.opt.Lang, Slug: e.slug, Title: cmp.Or(e.title, "(untitled)"), BodyMD: body, BodyHTML: markdown.Render(body)}
	// Without an excerpt of its own, WordPress showed the start of the
	// text in lists and feeds; so does the summary.
	ent.Summary = cmp.Or(plainExcerpt(it.Excerpt()), autoExcerpt(ent.BodyHTML))
	ent.Status, ent.PublishedAt = imp.status(e)
	ent.CreatedAt = wpTime(e.dateGMT, time.UTC)
	ent.UpdatedAt = wpTime(e.modified, time.UTC)
	if ent.CreatedAt.IsZero() {
		ent.CreatedAt = wpTime(e.date, imp.opt.Zone)
	}
	p.entry = ent
	return p
}

// addEntry writes one post or page.
func (imp *importer) addEntry(im *store.Importer, p prepared) error {
	e, ent := p.e, p.entry
	byline := cmp.Or(imp.x.ch.Authors[e.creator], e.creator)
	imp.sum.count(e.kind, string(ent.State(imp.opt.Now)))
	if e.kind == content.KindPage {
		return im.AddPage(&content.Page{Entry: ent}, byline, e.guid)
	}
	n := &content.News{Entry: ent}
	if a := imp.x.atts[e.thumb]; e.thumb != 0 && a != nil && a.mediaID != 0 {
		n.LeadImage = content.Image{MediaID: a.mediaID, Alt: a.alt}
	} else if e.thumb != 0 {
		imp.sum.warn("featured image of %q was not imported", e.title)
	}
	return im.AddNews(n, e.tags, byline, e.guid)
}

// status maps WordPress's status: published at its date, scheduled, or a
// draft that is never public.
func (imp *importer) status(e *entry) (content.Status, time.Time) {
	at := wpTime(e.dateGMT, time.UTC)
	if at.IsZero() {
		at = wpTime(e.date, imp.opt.Zone)
	}
	switch e.status {
	case "publish", "future":
		return content.StatusPublished, at
	}
	return content.StatusDraft, time.Time{}
}

// addRedirects makes every old address of an entry that was public (or
// scheduled) answer 301 with its new one.
func (imp *importer) addRedirects(im *store.Importer) error {
	for _, e := range imp.x.entries {
		if e.done || (e.status != "publish" && e.status != "future") {
			continue
		}
		for _, from := range imp.x.oldPaths(e) {
			made, err := im.AddRedirect(from, e.path)
			if err != nil {
				return err
			}
			if made {
				imp.sum.Redirects++
			}
		}
	}
	return nil
}
