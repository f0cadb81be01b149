// Package views holds the templ components of the public site and the admin
// area. Each page has one typed props struct; components know the content
// types but never the store.
package views

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/i18n"
	"orgsite/internal/markdown"
)

// Site is what every page needs to know about the site itself.
type Site struct {
	// Preview marks a page drawn for staff or a shared preview link: a
	// banner says it is not published.
	Preview    bool
	Name       string
	Tagline    string
	Intro      string // the home page's opening paragraph
	BaseURL    string // absolute, no trailing slash
	FooterText string
	Menu       []MenuItem
	LegalPath  string // the legal notice / disclaimer page, "/legal"
	Zone       *time.Location
	// Funding is the funder block shown in the footer of every page; nil for none.
	Funding *content.Project
	Now     time.Time
	// Lang is the page's language; DefaultLang the site's, whose pages
	// have no prefix.
	Lang        content.Lang
	DefaultLang content.Lang
	// Langs link this page in each of the site's languages, for the
	// language switcher: its translation, or that language's home.
	Langs []LangLink
	// Alternates are this page in every language it is published in,
	// itself included, and "x-default": its hreflang links. Empty on a
	// site in one language.
	Alternates []Alternate
	// ShareImage is the picture shown for a page without its own ("/media/…").
	ShareImage string
	// Statements are the EU funding statements in the page's language.
	Statements content.EUStatement
	// Brand is the brand colour; empty for the stylesheet's own.
	Brand content.BrandColor
	// Logo is the image beside the site name; its Src is empty for the
	// site's standard mark.
	Logo Logo
	// L writes the interface in the page's language; nil writes English.
	L *i18n.Localizer
}

// Logo is the header's logo drawn brandHeight pixels high.
type Logo struct {
	Src           string
	Width, Height int // the intrinsic size, for the box kept before it loads
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Lang    content.Lang
	Name    string // the language named in itself
	Path    string
	Current bool
}

// PageImage is the picture link previews show for a page, and its
// description: the page's own, else the site's share image.
func (s Site) PageImage(m Meta) (src, alt string) {
	if m.Image != "" {
		return m.Image, m.ImageAlt
	}
	return s.ShareImage, s.Name
}

// Path is a site path in the page's language: "/news" on an Azerbaijani
// page is "/az/news".
func (s Site) Path(p string) string { return content.LangPath(s.Lang, s.DefaultLang, p) }

// ItemPath is the path of an item in the page's language.
func (s Site) ItemPath(k content.Kind, slug string) string { return s.Path(content.Path(k, slug)) }

// MenuItem is one entry of the main navigation.
type MenuItem struct {
	Label string
	Path  string
}

// Date formats t as a date in the site's time zone, the page language's
// way: "12 March 2024", "12 mart 2024", "12 марта 2024".
func (s Site) Date(t time.Time) string { return s.L.Date(t, s.Location()) }

// Duration is a project's period in the page's language, such as "June
// 2021 – May 2024"; "" when it has no dates.
func (s Site) Duration(p content.Project) string { return s.L.Span(p.StartDate, p.EndDate) }

// HTMLLang is the page's language for <html lang>: the default when unset.
func (s Site) HTMLLang() content.Lang {
	if s.Lang == "" {
		return content.DefaultLang
	}
	return s.Lang
}

// Statement is the EU funding statement of a variant (content.StatementFunded
// or StatementCoFunded) in the page's language: as set in Settings, or the
// standard wording.
func (s Site) Statement(variant string) string {
	set := content.Settings{Statements: map[content.Lang]content.EUStatement{s.HTMLLang(): s.Statements}}
	return set.Statement(s.HTMLLang(), variant)
}

// ISO formats t for machines (datetime attributes, JSON-LD).
func (s Site) ISO(t time.Time) string { return t.In(s.Location()).Format(time.RFC3339) }

// Abs makes an absolute URL from a site path.
func (s Site) Abs(path string) string { return s.BaseURL + path }

// Location is the site's time zone; UTC when it has none.
func (s Site) Location() *time.Location {
	if s.Zone == nil {
		return time.UTC
	}
	return s.Zone
}

// Meta is the head of a page: what search engines and link previews read.
type Meta struct {
	Title       string // the page's own title; the layout adds the site name
	Description string
	Path        string // site path of the page, for the canonical link and the menu
	OGType      string // "website" or "article"
	Image       string // absolute URL of the page's image, if any
	ImageAlt    string
	Breadcrumbs []Crumb
	JSONLD      []any // schema.org objects, marshalled into the head
	NoIndex     bool  // search results, error pages, tags, pages 2+ of lists
	PrevPath    string
	NextPath    string
	Published   time.Time
	Modified    time.Time
	// OwnFunding is set on a page that shows its own funding block (a
	// project, or an item of one): the site-wide block in the footer is
	// left out, so that one screen never makes two statements.
	OwnFunding bool
}

// WithSEO gives the head an item's own search and sharing fields where
// the editor filled them (SPEC "The editor": empty means the title,
// summary and lead image, which m already holds).
func (m Meta) WithSEO(seo content.SEO) Meta {
	m.Title = cmp.Or(seo.MetaTitle, m.Title)
	m.Description = cmp.Or(seo.MetaDescription, m.Description)
	if seo.ShareImage != "" {
		m.Image, m.ImageAlt = seo.ShareImage, seo.ShareImageAlt
	}
	return m
}

// Alternate is a translation of a page, for hreflang.
type Alternate struct {
	Lang string // "az", or "x-default"
	URL  string // absolute
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Name string
	Path string
}

// LD marshals a JSON-LD object. encoding/json escapes <, > and &, so the
// result is safe inside a script element.
func LD(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// Pager describes one page of a paginated list.
type Pager struct {
	Page  int    // 1-based
	Pages int    // at least 1
	Base  string // "/news" or "/search?q=x"; the page number is appended
}

// Numbers are the pages to link by number: the first, the last, and two
// either side of the current one; 0 stands for the pages left out.
func (p Pager) Numbers() []int {
	var out []int
	for n := 1; n <= p.Pages; n++ {
		switch {
		case n == 1 || n == p.Pages || (n >= p.Page-2 && n <= p.Page+2):
			out = append(out, n)
		case len(out) > 0 && out[len(out)-1] != 0:
			out = append(out, 0)
		}
	}
	// A gap of one page is that page: "…" would be no shorter.
	for i := 1; i+1 < len(out); i++ {
		if out[i] == 0 && out[i+1]-out[i-1] == 2 {
			out[i] = out[i-1] + 1
		}
	}
	return out
}

// URL is the address of page n of the list.
func (p Pager) URL(n int) string {
	if n <= 1 {
		return p.Base
	}
	sep := "?"
	for i := 0; i < len(p.Base); i++ {
		if p.Base[i] == '?' {
			sep = "&"
		}
	}
	return p.Base + sep + "page=" + strconv.Itoa(n)
}

// HomePage is the front page.
type HomePage struct {
	Meta     Meta
	Intro    string // a short paragraph under the site name
	Latest   []content.Summary
	Projects []content.Project
	Partners []content.Partner
	// The next events, the newest publications and the open calls.
	Events       []content.Event
	Publications []content.Publication
	Calls        []content.Call
}

// NewsListPage is /news.
type NewsListPage struct {
	Meta   Meta
	Items  []content.Summary
	Pager  Pager
	Facets []FacetGroup // by year and project
}

// NewsPage is one news item.
type NewsPage struct {
	Meta    Meta
	Item    content.News
	Related []content.Summary // news sharing its tags or project (store.RelatedNews)
	// Funding is the item's project when it has funders to show: the
	// block tied to what was funded.
	Funding *content.Project
}

// ProjectListPage is /projects, grouped by phase.
type ProjectListPage struct {
	Meta      Meta
	Ongoing   []content.Project
	Upcoming  []content.Project
	Completed []content.Project
}

// ProjectPage is one project.
type ProjectPage struct {
	Meta         Meta
	Item         content.Project
	News         []content.Summary
	Events       []content.Event
	Publications []content.Publication
}

// PagePage is a plain page.
type PagePage struct {
	Meta Meta
	Item content.Page
}

// TagPage lists the news and projects with one tag.
type TagPage struct {
	Meta     Meta
	Tag      content.Tag
	Items    []content.Summary
	Projects []content.Summary
	More     []SitemapSection // publications, events and calls
	Pager    Pager
}

// SearchPage shows results for a query.
type SearchPage struct {
	Meta     Meta
	Query    string
	Searched bool // a query was sent, even one with nothing searchable in it
	Results  []SearchResult
	Total    int
	More     bool // more matches than Total, which is the most counted
	Pager    Pager
}

// SearchResult is one hit with its highlighted snippet.
type SearchResult struct {
	Kind    content.Kind
	Title   string
	Path    string
	Date    time.Time
	Snippet []Segment
}

// Segment is a run of snippet text, marked when it matched the query.
type Segment struct {
	Text  string
	Match bool
}

// SitemapPage is the human site map.
type SitemapPage struct {
	Meta     Meta
	Pages    []content.Summary
	Projects []content.Summary
	News     []content.Summary
	// More are the other kinds' items (publications, events, calls).
	More []SitemapSection
	Tags []content.Tag
}

// SitemapSection is one kind's items on the site map page.
type SitemapSection struct {
	Kind    content.Kind
	Heading string // catalogue id of its heading
	Items   []content.Summary
}

// ErrorPage explains a 4xx or 5xx.
type ErrorPage struct {
	Meta    Meta
	Status  int
	Heading string
	Message string
}

// repeatsBody reports whether a summary is the start of the body (as an
// imported post's automatic excerpt is): shown above it as a lead, the
// reader would read the same sentences twice.
func repeatsBody(summary, bodyHTML string) bool {
	start := strings.TrimSuffix(strings.TrimSpace(summary), "…")
	if start == "" {
		return false
	}
	body := strings.Join(strings.Fields(markdown.PlainText(bodyHTML)), " ")
	return strings.HasPrefix(body, strings.Join(strings.Fields(start), " "))
}

// PublicationListPage is /publications with its filters.
type PublicationListPage struct {
	Meta   Meta
	Items  []content.Publication
	Total  int
	Pager  Pager
	Facets []FacetGroup
}

// FacetGroup is one filter of a list: its values as links, with counts.
type FacetGroup struct {
	Name   string // the query parameter: "type", "year", "project"
	Label  string
	Values []FacetLink
}

// FacetLink is one value of a filter: the list's address with it chosen
// (or, for the chosen one, without it), and how many items it shows.
type FacetLink struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

// PublicationPage is one publication.
type PublicationPage struct {
	Meta    Meta
	Item    content.Publication
	Funding *content.Project // see NewsPage
}

// EventListPage is /events: those to come, then those past.
type EventListPage struct {
	Meta     Meta
	Upcoming []content.Event
	Past     []content.Event
	Pager    Pager // of the past events
}

// EventPage is one event.
type EventPage struct {
	Meta    Meta
	Item    content.Event
	Funding *content.Project // see NewsPage
}

// CallListPage is /calls: the open calls, then the closed ones.
type CallListPage struct {
	Meta  Meta
	Calls []content.Call
	Pager Pager
}

// CallPage is one call.
type CallPage struct {
	Meta Meta
	Item content.Call
}

// When says when an event takes place, in the site's zone: "3 December
// 2026, 10:00–17:00 CET", "3 December 2026 – 5 December 2026".
func (s Site) When(e content.Event) string {
	z := s.Location()
	start := e.StartsAt.In(z)
	if e.AllDay {
		last := e.LastDay(z)
		if last.YearDay() == start.YearDay() && last.Year() == start.Year() {
			return s.Date(start)
		}
		return s.Date(start) + " – " + s.Date(last)
	}
	out := s.Date(start) + ", " + start.Format("15:04")
	if e.HasEnd() {
		end := e.EndsAt.In(z)
		if y, m, d := end.Date(); y == start.Year() && m == start.Month() && d == start.Day() {
			out += "–" + end.Format("15:04")
		} else {
			out += " – " + s.Date(end) + ", " + end.Format("15:04")
		}
	}
	return out + " " + start.Format("MST")
}

// DateTime is a date and time in the site's zone with the zone's name:
// "31 March 2027, 17:00 CEST".
func (s Site) DateTime(t time.Time) string {
	lt := t.In(s.Location())
	return s.Date(lt) + ", " + lt.Format("15:04 MST")
}

// Place says where an event takes place: "Venue, City, Country".
func Place(e content.Event) string {
	var parts []string
	for _, p := range []string{e.Venue, e.City, e.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
