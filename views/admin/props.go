// Package admin holds the templ components of the admin area: its chrome,
// lists and forms. Forms carry the values as typed, so that a form shown
// again after an error keeps the user's input, and an error per field.
package admin

import (
	"time"

	"orgsite/internal/content"
	"orgsite/web/form"
)

// Chrome is what every admin page needs.
type Chrome struct {
	SiteName string
	UserName string
	IsAdmin  bool
	// Contributor is a user who writes drafts for review (SPEC "Review"):
	// the editor offers Submit for review instead of publishing.
	Contributor bool
	CSRF        string
	Path        string // current path, for the menu
	PageTitle   string // the <title>
	Flash       string // a success message after a redirect
	Alert       string // a problem that stopped the action, shown as an alert
	Zone        *time.Location
	// Langs are the site's languages, the default first; an editor offers
	// a choice when there are several.
	Langs []content.Lang
}

// ZoneName names the site's time zone for people: "Europe/Vienna (CET)".
func (c Chrome) ZoneName() string {
	if c.Zone == nil {
		return "UTC"
	}
	abbr, _ := time.Now().In(c.Zone).Zone()
	return c.Zone.String() + " (" + abbr + ")"
}

// When formats a time in the site's zone, naming the zone.
func (c Chrome) When(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	z := c.Zone
	if z == nil {
		z = time.UTC
	}
	return t.In(z).Format("2 Jan 2006, 15:04 MST")
}

// Errors maps a form field's name to what is wrong with it.
type Errors = form.Errors

// LoginPage is the login form.
type LoginPage struct {
	SiteName string
	CSRF     string
	Email    string
	Next     string
	Error    string
	Notice   string
}

// Option is a choice in a select box.
type Option = form.Option

// DashboardPage is the admin home.
type DashboardPage struct {
	Chrome
	Counts map[content.Kind]map[content.State]int
	Recent []Row
	// FailedSignIns tells the user of the failed attempts on their account
	// recorded when they signed in ("" for none), at FailedAt.
	FailedSignIns string
	FailedAt      time.Time
	// Waiting are the drafts waiting for review (for editors); Returned a
	// contributor's drafts sent back with a note.
	Waiting, Returned []ReviewRow
}

// Row is one line of a content list.
type Row struct {
	ID        int64
	Kind      content.Kind
	Title     string
	Extra     string // a project's acronym
	State     content.State
	Published time.Time
	Expires   time.Time
	Updated   time.Time
	Author    string
	Editor    string
	PublicURL string // "" when not public
	Lang      content.Lang
	// Translations are the row's versions in the site's other languages.
	Translations []TranslationLink
}

// ListPage is the list of news, projects or pages.
type ListPage struct {
	Chrome
	Kind    content.Kind
	Rows    []Row
	State   string // filter as typed
	Query   string
	Sort    string
	Page    int
	Pages   int
	Total   int
	BaseURL string // list URL with the filters, without page
}

// Saved is where a saved item stands, for an editor's status line.
type Saved struct {
	State      content.State
	PublicURL  string // where the public sees it, when published
	PreviewURL string // staff preview of the saved item
	Updated    time.Time
	AuthorID   int64 // who wrote it first, for the contributor's rule
	// Translations are the item's versions in the site's other languages,
	// or the link to start one.
	Translations []TranslationLink
	// Shares are the item's live preview links (their tokens are not
	// kept: a link is shown once, when made).
	Shares []ShareLink
	// Review is where the item stands in review, if it was submitted.
	Review *Review
	// Autosaved is a newer copy of the body the editor's script saved for
	// this user and not saved into the item, offered to bring back.
	Autosaved *Autosaved
}

// ShareLink is one secret preview link of an item.
type ShareLink struct {
	ID      int64
	Created time.Time
	Expires time.Time
	By      string
}

// Review is an item submitted for review: waiting, or sent back with a
// note.
type Review struct {
	Waiting   bool
	Author    string
	Submitted time.Time
	Note      string
	Reviewer  string
}

// Autosaved is a body the editor kept while it was typed.
type Autosaved struct {
	Title string
	Body  string
	Saved time.Time
}

// TranslationLink is an item's version in one language, for the editor
// and the lists: its edit page when it exists, else where to start it.
type TranslationLink struct {
	Lang     content.Lang
	URL      string
	Exists   bool
	Outdated bool // older than the default language's version
}

// NewsForm is the news item editor.
type NewsForm struct {
	Chrome
	form.News
	Saved
	Preview  string // rendered body when the form was posted to preview
	Projects []Option
	Images   []Option
}

// HistoryPage lists an item's revisions.
type HistoryPage struct {
	Chrome
	Title     string
	EditURL   string
	Revisions []RevisionRow
}

// RevisionRow is one revision in the history.
type RevisionRow struct {
	Summary string // what changed against the revision before, in a line
	ID      int64
	By      string
	At      time.Time
	URL     string
}

// DiffPage shows what one revision changed.
type DiffPage struct {
	Chrome
	Title      string
	By         string
	At         time.Time
	First      bool // the first revision: everything is new
	Current    bool // the revision the item is at now
	Confirm    bool // the restore's confirmation: Lines are what it changes
	Lines      []DiffLine
	HistoryURL string
	RestoreURL string
}

// DiffLine is a line of a diff: Op is ' ' (same), '+' (added) or '-' (removed).
type DiffLine struct {
	Op   byte
	Text string
}

// PublicationForm is the publication editor.
type PublicationForm struct {
	Chrome
	form.Publication
	Saved
	Preview   string
	Projects  []Option
	Images    []Option
	Documents []Option
}

// EventForm is the event editor.
type EventForm struct {
	Chrome
	form.Event
	Saved
	Preview  string
	Projects []Option
}

// CallForm is the call editor.
type CallForm struct {
	Chrome
	form.Call
	Saved
	Preview   string
	Documents []Option
}
