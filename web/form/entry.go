package form

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
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
	Lang        string // the item's language code
	// TranslationOf is the id of the item a new translation is made of
	// (a hidden field); empty for an item that starts its own group.
	TranslationOf string
	// Action is the button pressed (SPEC, "The editor"): draft, publish,
	// schedule, unpublish, or update/save/preview/"" for what the status
	// fields say.
	Action string
	Errors Errors
	// Search-engine and sharing fields: empty means the title, summary
	// and lead image.
	MetaTitle, MetaDescription, ShareImage string
	// ShareImages are the library's images the share image is chosen
	// from (shown, not posted).
	ShareImages []Option
	// BaseRev is the item's last save as the form was loaded (a hidden
	// field): a save over a newer one is a conflict.
	BaseRev string

	// Set by Validate for Apply.
	slug               string
	published, expires time.Time
	shareImage         int64
	lang               content.Lang
	group              int64
}

// Limits of the common fields, in characters. The search fields' limits
// are generous: the editor's hints give what search engines show (about
// 60 and 155 characters).
const (
	maxTitle           = 200
	maxSummary         = 400
	maxBody            = 200_000
	maxMetaTitle       = 120
	maxMetaDescription = 320
)

// ReadEntry reads the common fields of a posted editor.
func ReadEntry(v url.Values) Entry {
	return Entry{Title: Value(v, "title"), Slug: Value(v, "slug"), Summary: Value(v, "summary"), Body: Value(v, "body"),
		Status: v.Get("status"), PublishedAt: Value(v, "published_at"), ExpiresAt: Value(v, "expires_at"),
		Lang: v.Get("lang"), TranslationOf: v.Get("translation_of"), Action: v.Get("action"), Errors: Errors{},
		MetaTitle: Value(v, "meta_title"), MetaDescription: Value(v, "meta_description"), ShareImage: v.Get("share_image"),
		BaseRev: v.Get("base_rev")}
}

// EntryOf shows a saved entry in its form.
func EntryOf(e content.Entry, zone *time.Location) Entry {
	return Entry{ID: e.ID, Title: e.Title, Slug: e.Slug, Summary: e.Summary, Body: e.BodyMD, Status: string(e.Status),
		PublishedAt: FormatTime(e.PublishedAt, zone), ExpiresAt: FormatTime(e.ExpiresAt, zone), Lang: string(e.Lang),
		Errors: Errors{}, group: e.Group, MetaTitle: e.SEO.MetaTitle, MetaDescription: e.SEO.MetaDescription,
		ShareImage: idString(e.SEO.ShareImageID), BaseRev: Rev(e.UpdatedAt)}
}

// Rev names a save of an item by its time, for BaseRev.
func Rev(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 36) }

// applyAction makes the status fields say what the button pressed means:
// a button wins over them. Publish makes a past or empty time now; the
// others leave the time to the fields (schedule checks it is ahead).
func (f *Entry) applyAction(env Env) {
	switch f.Action {
	case "draft", "unpublish", "submit":
		f.Status = string(content.StatusDraft)
	case "publish":
		f.Status = string(content.StatusPublished)
		if t, ok := ParseTime(f.PublishedAt, env.Zone); !ok || !t.After(env.Now) {
			f.PublishedAt = "" // now
		}
	case "schedule":
		f.Status = string(content.StatusPublished)
	case "", "update", "save", "preview":
	default:
		f.Errors.Set("status", "Use one of the buttons: save, publish, schedule, save as draft or unpublish.")
	}
}

// Keep carries over what a posted form of a saved item does not send: its
// id and its translation group.
func (f *Entry) Keep(saved Entry) { f.ID, f.group = saved.ID, saved.group }

// Translation turns the form of a saved item into the form of its
// translation into lang, prefilled with its text to translate: a new
// draft in the same group, with a slug to be made from the new title.
func (f *Entry) Translation(lang content.Lang) {
	f.TranslationOf, f.ID, f.group, f.BaseRev = strconv.FormatInt(f.ID, 10), 0, 0, ""
	f.Lang, f.Slug, f.Status, f.PublishedAt, f.ExpiresAt = string(lang), "", string(content.StatusDraft), "", ""
}

// NewEntry is the form of an item not written yet: a draft in lang.
func NewEntry(lang content.Lang) Entry {
	return Entry{Status: string(content.StatusDraft), Lang: string(lang), Errors: Errors{}}
}

// Env is what validation needs to know beyond the form: the kind, the
// site's zone, the time, and whether another item holds a slug.
type Env struct {
	Kind content.Kind
	Zone *time.Location
	Now  time.Time
	// Langs are the site's languages, the default first.
	Langs []content.Lang
	// SlugTaken reports whether another item of the kind and language (in
	// the trash too) uses slug.
	SlugTaken func(lang content.Lang, slug string) (bool, error)
	// Group is the translation group of item id, for a new translation;
	// content.ErrNotFound when there is no such item.
	Group func(id int64) (int64, error)
	// LangTaken reports whether the group has an item (other than this
	// one) in lang.
	LangTaken func(group int64, lang content.Lang) (bool, error)
	// IsImage reports whether the library has an image with the id.
	IsImage func(id int64) (bool, error)
}

// Validate checks the common fields; the error is the store's, when it
// could not answer.
func (f *Entry) Validate(env Env) error {
	errs := f.Errors
	f.Title = errs.Text("title", f.Title, maxTitle, "The title")
	f.Slug = errs.Text("slug", f.Slug, content.MaxSlugLen*4, "The slug")
	f.Summary = errs.Text("summary", f.Summary, maxSummary, "The summary")
	f.Body = errs.Text("body", f.Body, maxBody, "The body")
	if !errs.Has("body") {
		errs.Add("body", markdown.Check(f.Body))
	}
	if f.Title == "" {
		errs.Set("title", "Give a title.")
	}
	if err := f.validateLang(env); err != nil {
		return err
	}
	if err := f.validateSlug(env); err != nil {
		return err
	}
	f.validateTimes(env)
	return f.validateSEO(env)
}

// validateSEO checks the search and sharing fields: lengths, and a share
// image that is one of the library's images.
func (f *Entry) validateSEO(env Env) error {
	errs := f.Errors
	f.MetaTitle = errs.Text("meta_title", f.MetaTitle, maxMetaTitle, "The search title")
	f.MetaDescription = errs.Text("meta_description", f.MetaDescription, maxMetaDescription, "The search description")
	f.shareImage = 0
	if f.ShareImage == "" || f.ShareImage == "0" {
		return nil
	}
	id, ok := ID(f.ShareImage)
	if !ok {
		errs.Set("share_image", "Choose an image from the list.")
		return nil
	}
	image, err := env.IsImage(id)
	if err != nil {
		return err
	}
	if !image {
		errs.Set("share_image", "Choose an image from the list: that one is not in the media library.")
	}
	f.shareImage = id
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
		taken, err := env.SlugTaken(f.lang, f.slug)
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

// validateLang checks the language among the site's and, for an item in
// a translation group, that the group has no other item in it.
func (f *Entry) validateLang(env Env) error {
	f.lang = env.Langs[0]
	if f.Lang != "" {
		l, ok := content.ParseLang(f.Lang)
		if !ok || !slices.Contains(env.Langs, l) {
			f.Errors.Set("lang", "Choose one of the site's languages.")
			return nil
		}
		f.lang = l
	}
	f.Lang = string(f.lang)
	if f.ID == 0 && f.TranslationOf != "" {
		id, ok := ID(f.TranslationOf)
		group, err := env.Group(id)
		if !ok || errors.Is(err, content.ErrNotFound) {
			f.Errors.Set("lang", "The item this translates is gone; save it as an item of its own.")
			f.TranslationOf = ""
			return nil
		} else if err != nil {
			return err
		}
		f.group = group
	}
	if f.group == 0 {
		return nil
	}
	taken, err := env.LangTaken(f.group, f.lang)
	if err == nil && taken {
		f.Errors.Set("lang", "This item already has a version in "+f.lang.Info().English+"; edit that one instead.")
	}
	return err
}

func (f *Entry) validateTimes(env Env) {
	errs := f.Errors
	f.applyAction(env)
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
	if f.Action == "schedule" && !errs.Has("published_at") && !f.published.After(env.Now) {
		errs.Set("published_at", "To schedule, give a publication time in the future.")
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
	*e = content.Entry{ID: f.ID, Lang: f.lang, Group: f.group, Slug: f.slug, Title: f.Title, Summary: f.Summary, BodyMD: f.Body,
		Status: content.Status(f.Status), PublishedAt: f.published, ExpiresAt: f.expires,
		SEO: content.SEO{MetaTitle: f.MetaTitle, MetaDescription: f.MetaDescription, ShareImageID: f.shareImage}}
}

// slugOf is the slug typed, in the form Slugify makes, or when none was
// typed the one made from name.
func slugOf(typed, name string) string {
	if typed == "" {
		return content.Slugify(name)
	}
	return content.Slugify(typed)
}
