package form

import (
	"net/url"
	"time"

	"orgsite/internal/content"
)

// Entry is what every kind's editor shares, as typed.
type Entry struct {
	ID          int64
	Title       string
	Slug        string
	Summary     string
	Body        string
	Status      string // "draft" or "published"
	PublishedAt string // YYYY-MM-DDTHH:MM in the site's zone
	ExpiresAt   string
	Errors      Errors

	// Set by Validate for Apply.
	slug               string
	published, expires time.Time
}

// Limits of the common fields, in characters.
const (
	maxTitle   = 200
	maxSummary = 400
	maxBody    = 200_000
)

// ReadEntry reads the common fields of a posted editor.
func ReadEntry(v url.Values) Entry {
	return Entry{Title: Value(v, "title"), Slug: Value(v, "slug"), Summary: Value(v, "summary"), Body: Value(v, "body"),
		Status: v.Get("status"), PublishedAt: Value(v, "published_at"), ExpiresAt: Value(v, "expires_at"), Errors: Errors{}}
}

// EntryOf shows a saved entry in its form.
func EntryOf(e content.Entry, zone *time.Location) Entry {
	return Entry{ID: e.ID, Title: e.Title, Slug: e.Slug, Summary: e.Summary, Body: e.BodyMD, Status: string(e.Status),
		PublishedAt: FormatTime(e.PublishedAt, zone), ExpiresAt: FormatTime(e.ExpiresAt, zone), Errors: Errors{}}
}

// NewEntry is the form of an item not written yet: a draft.
func NewEntry() Entry { return Entry{Status: string(content.StatusDraft), Errors: Errors{}} }

// Env is what validation needs to know beyond the form: the kind, the
// site's zone, the time, and whether another item holds a slug.
type Env struct {
	Kind content.Kind
	Zone *time.Location
	Now  time.Time
	// SlugTaken reports whether another item of the kind (in the trash
	// too) uses slug.
	SlugTaken func(slug string) (bool, error)
}

// Validate checks the common fields; the error is the store's, when it
// could not answer.
func (f *Entry) Validate(env Env) error {
	errs := f.Errors
	f.Title = errs.Text("title", f.Title, maxTitle, "The title")
	f.Slug = errs.Text("slug", f.Slug, content.MaxSlugLen*4, "The slug")
	f.Summary = errs.Text("summary", f.Summary, maxSummary, "The summary")
	f.Body = errs.Text("body", f.Body, maxBody, "The body")
	if f.Title == "" {
		errs.Set("title", "Give a title.")
	}
	if err := f.validateSlug(env); err != nil {
		return err
	}
	f.validateTimes(env)
	return nil
}

func (f *Entry) validateSlug(env Env) error {
	errs := f.Errors
	f.slug = slugOf(f.Slug, f.Title)
	switch {
	case errs.Has("slug"):
		return nil
	case f.slug == "" && f.Title != "":
		errs.Set("slug", "Give a slug: the title has no letters or digits to make one from.")
	case f.slug != "":
		if err := content.CheckSlug(env.Kind, f.slug); err != nil {
			errs.Add("slug", err)
			return nil
		}
		taken, err := env.SlugTaken(f.slug)
		if err != nil {
			return err
		}
		if taken {
			errs.Set("slug", "Another item already uses the address “"+f.slug+"” (perhaps one in the trash). Choose another slug.")
		}
	}
	if !errs.Has("slug") && f.Slug != "" {
		f.Slug = f.slug // show the form of the slug that will be used
	}
	return nil
}

func (f *Entry) validateTimes(env Env) {
	errs := f.Errors
	switch content.Status(f.Status) {
	case content.StatusDraft, content.StatusPublished:
	default:
		errs.Set("status", "Choose draft or published.")
		f.Status = string(content.StatusDraft)
	}
	var ok bool
	if f.published, ok = ParseTime(f.PublishedAt, env.Zone); !ok {
		errs.Set("published_at", "Enter the publication time as a date and time, such as 2026-03-14T18:00.")
	}
	if f.expires, ok = ParseTime(f.ExpiresAt, env.Zone); !ok {
		errs.Set("expires_at", "Enter the expiry time as a date and time, such as 2026-12-31T23:59.")
	}
	if !errs.Has("published_at") && f.published.IsZero() {
		f.published = content.PublicationTime(content.Status(f.Status), f.published, env.Now)
		f.PublishedAt = FormatTime(f.published, env.Zone)
	}
	if !errs.Has("expires_at") {
		errs.Add("expires_at", content.CheckSchedule(f.published, f.expires, env.Now))
	}
}

// Apply writes the checked common fields onto e.
func (f *Entry) Apply(e *content.Entry) {
	*e = content.Entry{ID: f.ID, Slug: f.slug, Title: f.Title, Summary: f.Summary, BodyMD: f.Body,
		Status: content.Status(f.Status), PublishedAt: f.published, ExpiresAt: f.expires}
}

// slugOf is the slug typed, in the form Slugify makes, or when none was
// typed the one made from name.
func slugOf(typed, name string) string {
	if typed == "" {
		return content.Slugify(name)
	}
	return content.Slugify(typed)
}
