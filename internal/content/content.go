// Package content holds orgsite's vocabulary: news items, projects, pages,
// partners and tags, their publication states and the rules they follow. It
// knows neither HTTP nor SQL, so every other package can share it.
package content

import (
	"errors"
	"time"
)

// Errors the store and the domain return; callers test them with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrGone     = errors.New("gone")
	ErrConflict = errors.New("conflict")
)

// DefaultLang is the language of content written without one, and of a
// site whose languages are not set.
const DefaultLang Lang = "en"

// Status is what an editor chose for an item. Whether the public sees it also
// depends on its publication and expiry times; see Entry.State.
type Status string

// The statuses an editor can choose.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
)

// State is what the public sees of an item at a given moment.
type State string

// The states an item can be in at a moment.
const (
	StateDraft     State = "draft"
	StateScheduled State = "scheduled"
	StatePublished State = "published"
	StateExpired   State = "expired"
)

// Entry is what news items, projects and pages have in common.
type Entry struct {
	ID   int64
	Lang Lang
	// Group is the translation group: the items that say the same in other
	// languages share it (the id of the group's first item; 0 before the
	// item is saved, when it starts a group of its own).
	Group       int64
	Slug        string
	Title       string
	Summary     string
	BodyMD      string
	BodyHTML    string // rendered and sanitised on save
	Status      Status
	PublishedAt time.Time // zero for a draft never given a date
	ExpiresAt   time.Time // zero: never expires
	CreatedAt   time.Time
	UpdatedAt   time.Time // last real change, used for sitemap lastmod
	AuthorID    int64
	AuthorName  string
	SEO         SEO
}

// SEO is what an item tells search engines and link previews when its
// title, summary and lead image are not the best words or picture for
// them; each empty field falls back to those.
type SEO struct {
	MetaTitle       string
	MetaDescription string
	ShareImageID    int64
	// ShareImage and ShareImageAlt are read with the item: the share
	// image's URL and the library's alternative text.
	ShareImage, ShareImageAlt string
}

// Common is the entry itself: every kind embeds Entry, so code written
// once for all kinds reaches the common fields through it.
func (e Entry) Common() Entry { return e }

// Item is any kind of content: what embeds an Entry.
type Item interface{ Common() Entry }

// State tells what the public sees of the entry at now.
func (e Entry) State(now time.Time) State {
	switch {
	case e.Status != StatusPublished || e.PublishedAt.IsZero():
		return StateDraft
	case e.PublishedAt.After(now):
		return StateScheduled
	case !e.ExpiresAt.IsZero() && !e.ExpiresAt.After(now):
		return StateExpired
	}
	return StatePublished
}

// Visible reports whether the public may see the entry at now.
func (e Entry) Visible(now time.Time) bool { return e.State(now) == StatePublished }

// Tag is a keyword shared by news items and projects.
type Tag struct {
	Slug string
	Name string
}

// Image is a picture from the media library as used on a page.
type Image struct {
	MediaID int64
	Src     string // URL of the largest variant
	Srcset  string // "url 480w, url 960w, …"
	Width   int
	Height  int
	Alt     string
	Credit  string
}

// Present reports whether there is an image at all.
func (i Image) Present() bool { return i.Src != "" }

// ProjectRef names a project from another item.
type ProjectRef struct {
	Lang    Lang
	Group   int64 // the project's translation group
	Slug    string
	Title   string
	Acronym string
}

// News is a dated news item.
type News struct {
	Entry
	Tags      []Tag
	ProjectID int64
	Project   *ProjectRef
	LeadImage Image
}

// Page is a plain page such as About or Contact.
type Page struct {
	Entry
	MenuOrder int // 0: not in the menu
}

// Summary is the short form of any entry used in lists, cards and search.
type Summary struct {
	ID          int64
	Kind        Kind
	Slug        string
	Title       string
	Summary     string
	PublishedAt time.Time
	UpdatedAt   time.Time
	Image       Image
	Tags        []Tag
}

// URL is the item's public path.
func (s Summary) URL() string { return Path(s.Kind, s.Slug) }

// Valid reports whether s is one of the states.
func (s State) Valid() bool {
	switch s {
	case StateDraft, StateScheduled, StatePublished, StateExpired:
		return true
	}
	return false
}
