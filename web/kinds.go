package web

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/calendar"
	"orgsite/internal/content"
	"orgsite/internal/feed"
	"orgsite/internal/i18n"
	"orgsite/internal/store"
	"orgsite/views"
)

// publicationFilter reads /publications' filters; a value no filter can
// have is a 400 that says which.
func publicationFilter(c echo.Context) (store.PublicationFilter, url.Values, error) {
	var f store.PublicationFilter
	q := url.Values{}
	if v := c.QueryParam("type"); v != "" {
		t, ok := content.ParsePublicationType(v)
		if !ok {
			return f, nil, badRequest("There is no publication type “" + v + "”.")
		}
		f.Type = t
		q.Set("type", v)
	}
	if v := c.QueryParam("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 9999 || len(v) != 4 {
			return f, nil, badRequest("Give the year with four digits, such as 2026.")
		}
		f.Year = y
		q.Set("year", v)
	}
	if v := c.QueryParam("project"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 || strconv.FormatInt(id, 10) != v {
			return f, nil, badRequest("Choose the project from the list of filters.")
		}
		f.Project = id
		q.Set("project", v)
	}
	return f, q, nil
}

func (s *Server) publicationList(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	f, q, err := publicationFilter(c)
	if err != nil {
		return err
	}
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	items, total, err := s.Store.PublicPublications(ctx, lang, f, now, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	facets, err := s.Store.PublicationFacetsOf(ctx, lang, f, now)
	if err != nil {
		return err
	}
	path := "/publications"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	return s.listPageIn(c, path, everyLang(set, "/publications"), page, total, func(site views.Site, pg views.Pager) (templ.Component, error) {
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Publications"), "/publications")
		meta := pagedMeta(site, views.Meta{Title: site.L.T("Publications"), Path: site.Path(path), Breadcrumbs: crumbs,
			Description: site.L.F("PublicationsDescription", i18n.Data{"Site": site.Name}), NoIndex: len(q) > 0}, pg)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.PublicationList(site, views.PublicationListPage{Meta: meta, Items: items, Total: total, Pager: pg,
			Facets: facetGroups(site, q, facets, total)}), nil
	})
}

// facetGroups makes the filters' links: each value's link keeps the other
// filters and drops the page; the chosen value's link removes it.
func facetGroups(site views.Site, q url.Values, fs store.PublicationFacets, listed int) []views.FacetGroup {
	group := func(name, label string, values []store.Facet, word func(store.Facet) string) views.FacetGroup {
		g := views.FacetGroup{Name: name, Label: label}
		// "All" counts what the other filters leave: the list's total when
		// this filter is not chosen; else, for type and year, which every
		// publication has one of, the sum of the values.
		total := listed
		if q.Get(name) != "" {
			total = 0
			for _, v := range values {
				total += v.Count
			}
			if name == "project" {
				total = 0 // some have no project: not counted here
			}
		}
		all := withParam(q, name, "")
		g.Values = append(g.Values, views.FacetLink{Label: site.L.T("FilterAll"), URL: site.Path("/publications" + all), Count: total, Current: q.Get(name) == ""})
		for _, v := range values {
			cur := q.Get(name) == v.Value
			g.Values = append(g.Values, views.FacetLink{Label: word(v), URL: site.Path("/publications" + withParam(q, name, v.Value)), Count: v.Count, Current: cur})
		}
		return g
	}
	types := make([]store.Facet, 0, len(fs.Types))
	for _, t := range content.PublicationTypes { // in the order of the type list
		for _, f := range fs.Types {
			if f.Value == string(t) {
				types = append(types, f)
			}
		}
	}
	return []views.FacetGroup{
		group("type", site.L.T("FilterType"), types, func(f store.Facet) string { return site.L.T("PubType." + f.Value) }),
		group("year", site.L.T("FilterYear"), fs.Years, func(f store.Facet) string { return f.Label }),
		group("project", site.L.T("FilterProject"), fs.Projects, func(f store.Facet) string { return f.Label }),
	}
}

// withParam is the query q with name set to value (removed when empty),
// as "?a=b" or "".
func withParam(q url.Values, name, value string) string {
	out := url.Values{}
	for k, vs := range q {
		out[k] = vs
	}
	out.Del(name)
	if value != "" {
		out.Set(name, value)
	}
	if len(out) == 0 {
		return ""
	}
	return "?" + out.Encode()
}

func (s *Server) publicationItem(c echo.Context) error {
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	p, err := s.Store.PublicPublication(ctx, s.langOf(c), slug, now)
	if err != nil {
		return err
	}
	paths, err := s.translationPaths(ctx, content.KindPublication, p.Group, now)
	if err != nil {
		return err
	}
	funding, err := s.fundingOf(ctx, p.Project, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, paths, func(site views.Site) (templ.Component, error) {
		path := site.ItemPath(content.KindPublication, slug)
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Publications"), "/publications", p.Title, content.Path(content.KindPublication, slug))
		meta := views.Meta{Title: p.Title, Description: p.Summary, Path: path, OGType: "article", Breadcrumbs: crumbs,
			Image: p.Cover.Src, ImageAlt: p.Cover.Alt, Published: p.PublishedAt, Modified: p.UpdatedAt}.WithSEO(p.SEO)
		meta.JSONLD = []any{publicationLD(site, p, path), breadcrumbLD(site, crumbs)}
		meta.OwnFunding = funding != nil
		return views.PublicationItem(site, views.PublicationPage{Meta: meta, Item: p, Funding: funding}), nil
	})
}

func (s *Server) eventList(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	var upcoming []content.Event
	if page == 1 {
		if upcoming, err = s.Store.UpcomingEvents(ctx, lang, now, 100); err != nil {
			return err
		}
	}
	past, total, err := s.Store.PastEvents(ctx, lang, now, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	return s.listPage(c, "/events", page, total, func(site views.Site, pg views.Pager) (templ.Component, error) {
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Events"), "/events")
		meta := pagedMeta(site, views.Meta{Title: site.L.T("Events"), Path: site.Path("/events"), Breadcrumbs: crumbs,
			Description: site.L.F("EventsDescription", i18n.Data{"Site": site.Name})}, pg)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.EventList(site, views.EventListPage{Meta: meta, Upcoming: upcoming, Past: past, Pager: pg}), nil
	})
}

func (s *Server) eventItem(c echo.Context) error {
	if slug, ok := icsSlug(c.Param("slug")); ok {
		return s.eventICS(c, slug)
	}
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	e, err := s.Store.PublicEvent(ctx, s.langOf(c), slug, now)
	if err != nil {
		return err
	}
	paths, err := s.translationPaths(ctx, content.KindEvent, e.Group, now)
	if err != nil {
		return err
	}
	funding, err := s.fundingOf(ctx, e.Project, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, paths, func(site views.Site) (templ.Component, error) {
		path := site.ItemPath(content.KindEvent, slug)
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Events"), "/events", e.Title, content.Path(content.KindEvent, slug))
		meta := views.Meta{Title: e.Title, Description: cmp.Or(e.Summary, site.When(e)), Path: path, Breadcrumbs: crumbs,
			Published: e.PublishedAt, Modified: e.UpdatedAt}.WithSEO(e.SEO)
		meta.JSONLD = []any{eventLD(site, e, path), breadcrumbLD(site, crumbs)}
		meta.OwnFunding = funding != nil
		return views.EventItem(site, views.EventPage{Meta: meta, Item: e, Funding: funding}), nil
	})
}

func (s *Server) callList(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	calls, total, err := s.Store.PublicCalls(ctx, s.langOf(c), now, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	return s.listPage(c, "/calls", page, total, func(site views.Site, pg views.Pager) (templ.Component, error) {
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Calls"), "/calls")
		meta := pagedMeta(site, views.Meta{Title: site.L.T("Calls"), Path: site.Path("/calls"), Breadcrumbs: crumbs,
			Description: site.L.F("CallsDescription", i18n.Data{"Site": site.Name})}, pg)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.CallList(site, views.CallListPage{Meta: meta, Calls: calls, Pager: pg}), nil
	})
}

func (s *Server) callItem(c echo.Context) error {
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	call, err := s.Store.PublicCall(ctx, s.langOf(c), slug, now)
	if err != nil {
		return err
	}
	paths, err := s.translationPaths(ctx, content.KindCall, call.Group, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, paths, func(site views.Site) (templ.Component, error) {
		path := site.ItemPath(content.KindCall, slug)
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Calls"), "/calls", call.Title, content.Path(content.KindCall, slug))
		meta := views.Meta{Title: call.Title, Description: call.Summary, Path: path, Breadcrumbs: crumbs,
			Published: call.PublishedAt, Modified: call.UpdatedAt}.WithSEO(call.SEO)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		if call.Type == "vacancy" {
			meta.JSONLD = append(meta.JSONLD, jobPostingLD(site, call, path))
		}
		return views.CallItem(site, views.CallPage{Meta: meta, Item: call}), nil
	})
}

// icsSlug reads "{slug}.ics", the calendar file of the event at slug.
func icsSlug(param string) (string, bool) {
	slug, ok := strings.CutSuffix(param, ".ics")
	return slug, ok && content.ValidSlug(slug)
}

// calendarEvent is an event as a calendar program imports it: its UID is
// the item's id at the site's host, which never changes.
func calendarEvent(site views.Site, e content.Event) calendar.Event {
	host := site.BaseURL
	if u, err := url.Parse(site.BaseURL); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	place := views.Place(e)
	if place == "" {
		place = e.OnlineURL
	}
	desc := e.Summary
	if e.OnlineURL != "" && place != e.OnlineURL {
		desc = strings.TrimSpace(desc + "\n\n" + e.OnlineURL)
	}
	ev := calendar.Event{UID: "event-" + strconv.FormatInt(e.ID, 10) + "@" + host, Sequence: e.Sequence, Title: e.Title,
		Description: desc, URL: site.Abs(site.ItemPath(content.KindEvent, e.Slug)), Location: place,
		Start: e.StartsAt, End: e.EndsAt, AllDay: e.AllDay, Updated: e.UpdatedAt}
	if e.AllDay {
		// The calendar takes the days themselves, the last one inclusive.
		zone := site.Location()
		ev.Start = dayOf(e.StartsAt.In(zone))
		ev.End = dayOf(e.LastDay(zone))
	} else if !e.HasEnd() {
		ev.End = time.Time{}
	}
	return ev
}

// dayOf is t's date at midnight UTC, as the calendar writes dates.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// eventICS is /events/{slug}.ics: one event for a calendar program.
func (s *Server) eventICS(c echo.Context, slug string) error {
	ctx, lang := c.Request().Context(), s.langOf(c)
	e, err := s.Store.PublicEvent(ctx, lang, slug, s.Now())
	if err != nil {
		return err
	}
	site, err := s.site(ctx, lang)
	if err != nil {
		return err
	}
	return s.sendCalendar(c, site, e.Title, []content.Event{e})
}

// eventsICS is /events.ics: every upcoming event, to subscribe to.
func (s *Server) eventsICS(c echo.Context) error {
	ctx, lang := c.Request().Context(), s.langOf(c)
	events, err := s.Store.UpcomingEvents(ctx, lang, s.Now(), 500)
	if err != nil {
		return err
	}
	site, err := s.site(ctx, lang)
	if err != nil {
		return err
	}
	return s.sendCalendar(c, site, site.Name+" – "+site.L.T("Events"), events)
}

func (s *Server) sendCalendar(c echo.Context, site views.Site, name string, events []content.Event) error {
	cal := make([]calendar.Event, len(events))
	for i, e := range events {
		cal[i] = calendarEvent(site, e)
	}
	var b strings.Builder
	if err := calendar.Write(&b, name, calendar.DefaultProdID, site.Zone, cal); err != nil {
		return err
	}
	return s.send(c, http.StatusOK, "text/calendar; charset=utf-8", []byte(b.String()))
}

// callsFeed is /calls/feed.xml: the open calls, for people who subscribe
// to vacancies.
func (s *Server) callsFeed(c echo.Context) error {
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	site, err := s.site(ctx, lang)
	if err != nil {
		return err
	}
	calls, err := s.Store.OpenCalls(ctx, lang, now, 50)
	if err != nil {
		return err
	}
	f := feed.Feed{Lang: string(lang), Title: site.Name + " – " + site.L.T("OpenCalls"), Subtitle: site.L.F("CallsDescription", i18n.Data{"Site": site.Name}),
		SiteURL: site.Abs(site.Path("/calls")), SelfURL: site.Abs(site.Path("/calls/feed.xml")), Author: site.Name, Updated: site.Now}
	for i, cl := range calls {
		summary := strings.TrimSpace(site.L.T("Deadline") + ": " + site.DateTime(cl.Deadline) + ". " + cl.Summary)
		e := feed.Entry{Title: cl.Title, URL: site.Abs(site.ItemPath(content.KindCall, cl.Slug)), Published: cl.PublishedAt,
			Updated: later(cl.UpdatedAt, cl.PublishedAt), Summary: summary, HTML: absolutize(cl.BodyHTML, site.BaseURL)}
		if i == 0 || e.Updated.After(f.Updated) {
			f.Updated = e.Updated
		}
		f.Entries = append(f.Entries, e)
	}
	var b strings.Builder
	if err := feed.Write(&b, f); err != nil {
		return err
	}
	return s.send(c, http.StatusOK, "application/atom+xml; charset=utf-8", []byte(b.String()))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
