package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

var urlEscape = url.QueryEscape

// Form input formats for times, in the site's zone.
const (
	formTime     = "2006-01-02T15:04"
	formTimeSecs = "2006-01-02T15:04:05"
)

func formatFormTime(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format(formTime)
}

func parseFormTime(v string, zone *time.Location) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{formTime, formTimeSecs} {
		if t, err := time.ParseInLocation(layout, v, zone); err == nil && t.Year() >= 1900 && t.Year() <= 9999 {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// formText reads a form value, trimmed, with its length checked in characters.
func formText(c echo.Context, name string, maxLen int, errs admin.Errors, label string) string {
	v := strings.TrimSpace(strings.ReplaceAll(c.FormValue(name), "\r\n", "\n"))
	if !utf8.ValidString(v) {
		errs[name] = label + " contains characters that are not valid text."
		return strings.ToValidUTF8(v, "")
	}
	if strings.ContainsRune(v, 0) {
		errs[name] = label + " contains a NUL character."
		return strings.ReplaceAll(v, "\x00", "")
	}
	if n := utf8.RuneCountInString(v); n > maxLen {
		errs[name] = label + " is too long: " + itoa(n) + " characters, at most " + itoa(maxLen) + "."
	}
	return v
}

func itoa(n int) string { return strconv.Itoa(n) }

// entryForm reads and checks the fields every kind of content shares. It
// fills e with what is valid and f with what was typed, and records each
// problem in f.Errors.
func (s *Server) entryForm(c echo.Context, k content.Kind, id int64, zone *time.Location, e *content.Entry, f *admin.EntryForm) error {
	ctx, now := c.Request().Context(), s.Now()
	errs := admin.Errors{}
	f.ID, f.Errors = id, errs
	f.Title = formText(c, "title", 200, errs, "The title")
	f.Slug = formText(c, "slug", content.MaxSlugLen*4, errs, "The slug")
	f.Summary = formText(c, "summary", 400, errs, "The summary")
	f.Body = formText(c, "body", 200_000, errs, "The body")
	f.Status = c.FormValue("status")
	f.PublishedAt = strings.TrimSpace(c.FormValue("published_at"))
	f.ExpiresAt = strings.TrimSpace(c.FormValue("expires_at"))

	if f.Title == "" && errs["title"] == "" {
		errs["title"] = "Give a title."
	}
	slug := content.Slugify(f.Slug)
	if f.Slug == "" {
		slug = content.Slugify(f.Title)
	}
	switch {
	case errs["slug"] != "":
	case slug == "" && f.Title != "":
		errs["slug"] = "Give a slug: the title has no letters or digits to make one from."
	case k == content.KindPage && content.ReservedSlug(slug):
		errs["slug"] = "“" + slug + "” is used by the site itself; choose another slug."
	case slug != "":
		taken, err := s.Store.SlugTaken(ctx, k, slug, id)
		if err != nil {
			return err
		}
		if taken {
			errs["slug"] = "Another item already uses the address “" + slug + "” (perhaps one in the trash). Choose another slug."
		}
	}
	if errs["slug"] == "" && f.Slug != "" {
		f.Slug = slug // show the form of the slug that will be used
	}

	switch f.Status {
	case string(content.StatusDraft), string(content.StatusPublished):
	default:
		errs["status"] = "Choose draft or published."
		f.Status = string(content.StatusDraft)
	}
	pub, ok := parseFormTime(f.PublishedAt, zone)
	if !ok {
		errs["published_at"] = "Enter the publication time as a date and time, such as 2026-03-14T18:00."
	}
	exp, ok := parseFormTime(f.ExpiresAt, zone)
	if !ok {
		errs["expires_at"] = "Enter the expiry time as a date and time, such as 2026-12-31T23:59."
	}
	if pub.IsZero() && f.Status == string(content.StatusPublished) && errs["published_at"] == "" {
		pub = now.Truncate(time.Minute)
		f.PublishedAt = formatFormTime(pub, zone)
	}
	if !exp.IsZero() && errs["expires_at"] == "" {
		start := pub
		if start.IsZero() {
			start = now
		}
		if !exp.After(start) {
			errs["expires_at"] = "The expiry time must be after the publication time."
		}
	}
	*e = content.Entry{ID: id, Slug: slug, Title: f.Title, Summary: f.Summary, BodyMD: f.Body,
		Status: content.Status(f.Status), PublishedAt: pub, ExpiresAt: exp}
	return nil
}

// fillEntryForm shows a saved entry in its form.
func fillEntryForm(k content.Kind, e content.Entry, zone *time.Location, now time.Time) admin.EntryForm {
	f := admin.EntryForm{ID: e.ID, Title: e.Title, Slug: e.Slug, Summary: e.Summary, Body: e.BodyMD, Status: string(e.Status),
		PublishedAt: formatFormTime(e.PublishedAt, zone), ExpiresAt: formatFormTime(e.ExpiresAt, zone),
		State: e.State(now), Updated: e.UpdatedAt, Errors: admin.Errors{}}
	if e.Visible(now) {
		f.PublicURL = content.Path(k, e.Slug)
	}
	f.PreviewURL = "/admin/preview/" + string(k) + "/" + itoa64(e.ID)
	return f
}

func options(none string, opts []store.Option) []admin.Option {
	out := []admin.Option{{Value: "", Label: none}}
	for _, o := range opts {
		out = append(out, admin.Option{Value: itoa64(o.ID), Label: o.Label})
	}
	return out
}

// optionID checks that a chosen id is one of the options.
func optionID(v string, opts []store.Option) (int64, bool) {
	if v == "" {
		return 0, true
	}
	for _, o := range opts {
		if itoa64(o.ID) == v {
			return o.ID, true
		}
	}
	return 0, false
}

// siteZone is the site's time zone, for forms: the settings alone, not
// the whole chrome that site() loads.
func (s *Server) siteZone(ctx context.Context) *time.Location {
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return time.UTC
	}
	return zoneOf(set)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
