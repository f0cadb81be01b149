package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/i18n"
	"orgsite/internal/store"
	"orgsite/views"
	"orgsite/web/form"
)

// perPage is the length of every public list.
const perPage = 12

// pageNumber reads ?page=N: absent is 1, anything but a whole number from 1
// up is a 400 that says so.
func pageNumber(c echo.Context) (int, error) {
	n, err := form.PageNumber(c.QueryParam("page"))
	if err != nil {
		return 0, badRequest(err.Error())
	}
	return n, nil
}

// pager checks a page number against the total: a page past the end is 404.
func pager(page, total int, base string) (views.Pager, error) {
	pages := max(1, (total+perPage-1)/perPage)
	if page > pages {
		return views.Pager{}, content.ErrNotFound
	}
	return views.Pager{Page: page, Pages: pages, Base: base}, nil
}

// pagedMeta gives page p of a list its own title, description and links.
// Pages past the first are noindex (links still followed): the sitemap
// names exactly the pages meant for search results, and every item they
// list has a page of its own in it.
func pagedMeta(site views.Site, m views.Meta, p views.Pager) views.Meta {
	if p.Page > 1 {
		m.NoIndex = true
		// Each page of a list has a title and description of its own.
		page := " – " + site.L.T("PagerPageWord") + " " + strconv.Itoa(p.Page)
		m.Path = p.URL(p.Page)
		m.Title += page
		m.Description = strings.TrimSuffix(m.Description, ".") + page + "."
		m.PrevPath = p.URL(p.Page - 1)
	}
	if p.Page < p.Pages {
		m.NextPath = p.URL(p.Page + 1)
	}
	return m
}

func (s *Server) home(c echo.Context) error {
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	return s.renderPage(c, everyLang(set, "/"), func(site views.Site) (templ.Component, error) {
		latest, _, err := s.Store.LatestNews(ctx, lang, now, 7, 0) // the lead story and two rows of three
		if err != nil {
			return nil, err
		}
		projects, err := s.Store.PublicProjects(ctx, lang, now)
		if err != nil {
			return nil, err
		}
		var current []content.Project
		for _, p := range projects {
			if p.Phase(now) != content.ProjectCompleted {
				current = append(current, p)
			}
		}
		partners, err := s.Store.HomePartners(ctx)
		if err != nil {
			return nil, err
		}
		if site.Funding != nil && site.Funding.ShowsEUVisibility() {
			// The footer shows the EU emblem with its statement: once a
			// page is enough (and the rules want it with the statement).
			partners = slices.DeleteFunc(partners, func(p content.Partner) bool { return p.EU })
		}
		meta := views.Meta{Path: site.Path("/"), Description: cmp.Or(site.Intro, site.Tagline), JSONLD: []any{organizationLD(site)}}
		p := views.HomePage{Meta: meta, Intro: site.Intro, Latest: latest, Projects: current, Partners: partners}
		if err := s.homeMore(ctx, lang, now, &p); err != nil {
			return nil, err
		}
		return views.Home(site, p), nil
	})
}

// homeMore adds the next events, the newest publications and the open
// calls to the home page.
func (s *Server) homeMore(ctx context.Context, lang content.Lang, now time.Time, p *views.HomePage) error {
	var err error
	if p.Events, err = s.Store.UpcomingEvents(ctx, lang, now, 3); err != nil {
		return err
	}
	if p.Publications, _, err = s.Store.PublicPublications(ctx, lang, store.PublicationFilter{}, now, 3, 0); err != nil {
		return err
	}
	// Open calls come first, soonest deadline first: the first three hold
	// the open ones the home page shows.
	calls, _, err := s.Store.PublicCalls(ctx, lang, now, 3, 0)
	for _, c := range calls {
		if c.Open(now) {
			p.Calls = append(p.Calls, c)
		}
	}
	return err
}

func (s *Server) newsList(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	f, q, err := newsFilter(c, set.Zone())
	if err != nil {
		return err
	}
	items, total, err := s.Store.FilteredNews(ctx, lang, f, now, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	facets, err := s.newsFacets(ctx, lang, now, q)
	if err != nil {
		return err
	}
	path := "/news"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return s.listPageIn(c, path, everyLang(set, "/news"), page, total, func(site views.Site, pg views.Pager) (templ.Component, error) {
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("News"), "/news")
		meta := pagedMeta(site, views.Meta{Title: site.L.T("News"), Path: site.Path(path), Breadcrumbs: crumbs,
			Description: site.L.F("NewsDescription", i18n.Data{"Site": site.Name}), NoIndex: len(q) > 0}, pg)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.NewsList(site, views.NewsListPage{Meta: meta, Items: items, Pager: pg, Facets: facets(site)}), nil
	})
}

// newsFilter reads /news's filters: a year (in the site's zone) and a
// project; a value no filter can have is a 400 that says which.
func newsFilter(c echo.Context, zone *time.Location) (store.NewsFilter, url.Values, error) {
	var f store.NewsFilter
	q := url.Values{}
	if v := c.QueryParam("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 9999 || len(v) != 4 {
			return f, nil, badRequest("Give the year with four digits, such as 2026.")
		}
		f.From, f.Until = time.Date(y, 1, 1, 0, 0, 0, 0, zone), time.Date(y+1, 1, 1, 0, 0, 0, 0, zone)
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

// newsFacets are /news's filters as links: the years with news, and the
// projects; each keeps the other filter and drops the page.
func (s *Server) newsFacets(ctx context.Context, lang content.Lang, now time.Time, q url.Values) (func(views.Site) []views.FacetGroup, error) {
	years, err := s.Store.NewsYears(ctx, lang, now)
	if err != nil {
		return nil, err
	}
	projects, err := s.Store.PublicProjects(ctx, lang, now)
	if err != nil {
		return nil, err
	}
	return func(site views.Site) []views.FacetGroup {
		link := func(name, value, label string) views.FacetLink {
			return views.FacetLink{Label: label, URL: site.Path("/news" + withParam(q, name, value)), Current: q.Get(name) == value}
		}
		yg := views.FacetGroup{Name: "year", Label: site.L.T("FilterYear"), Values: []views.FacetLink{link("year", "", site.L.T("FilterAll"))}}
		for _, y := range years {
			yg.Values = append(yg.Values, link("year", strconv.Itoa(y), strconv.Itoa(y)))
		}
		pg := views.FacetGroup{Name: "project", Label: site.L.T("FilterProject"), Values: []views.FacetLink{link("project", "", site.L.T("FilterAll"))}}
		for _, p := range projects {
			pg.Values = append(pg.Values, link("project", strconv.FormatInt(p.Group, 10), cmp.Or(p.Acronym, p.Title)))
		}
		return []views.FacetGroup{yg, pg}
	}, nil
}

// listPage renders page of a paginated list of total items at path, which
// exists in every language.
func (s *Server) listPage(c echo.Context, path string, page, total int, build func(views.Site, views.Pager) (templ.Component, error)) error {
	set, err := s.settings(c.Request().Context())
	if err != nil {
		return err
	}
	return s.listPageIn(c, path, everyLang(set, path), page, total, build)
}

// listPageIn is listPage for a list that exists in the languages of paths.
func (s *Server) listPageIn(c echo.Context, path string, paths map[content.Lang]string, page, total int,
	build func(views.Site, views.Pager) (templ.Component, error)) error {
	set, err := s.settings(c.Request().Context())
	if err != nil {
		return err
	}
	pg, err := pager(page, total, content.LangPath(s.langOf(c), set.DefaultLang(), path))
	if err != nil {
		return err
	}
	return s.renderPage(c, paths, func(site views.Site) (templ.Component, error) { return build(site, pg) })
}

func (s *Server) newsItem(c echo.Context) error {
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	n, err := s.Store.PublicNews(ctx, lang, slug, now)
	if err != nil {
		return err
	}
	var group int64
	if n.Project != nil {
		group = n.Project.Group
	}
	related, err := s.Store.RelatedNews(ctx, lang, n.ID, group, now, 4)
	if err != nil {
		return err
	}
	paths, err := s.translationPaths(ctx, content.KindNews, n.Group, now)
	if err != nil {
		return err
	}
	funding, err := s.fundingOf(ctx, n.Project, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, paths, func(site views.Site) (templ.Component, error) {
		path := site.ItemPath(content.KindNews, slug)
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("News"), "/news", n.Title, content.Path(content.KindNews, slug))
		meta := views.Meta{Title: n.Title, Description: n.Summary, Path: path, OGType: "article", Breadcrumbs: crumbs,
			Image: n.LeadImage.Src, ImageAlt: n.LeadImage.Alt, Published: n.PublishedAt, Modified: n.UpdatedAt}.WithSEO(n.SEO)
		meta.JSONLD = []any{newsArticleLD(site, n, path), breadcrumbLD(site, crumbs)}
		meta.OwnFunding = funding != nil
		return views.NewsItem(site, views.NewsPage{Meta: meta, Item: n, Related: related, Funding: funding}), nil
	})
}

func (s *Server) projectList(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	projects, err := s.Store.PublicProjects(ctx, s.langOf(c), now)
	if err != nil {
		return err
	}
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	return s.renderPage(c, everyLang(set, "/projects"), func(site views.Site) (templ.Component, error) {
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Projects"), "/projects")
		p := views.ProjectListPage{Meta: views.Meta{Title: site.L.T("Projects"), Path: site.Path("/projects"), Breadcrumbs: crumbs,
			Description: site.L.F("ProjectsDescription", i18n.Data{"Site": site.Name})}}
		p.Meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		for _, pr := range projects {
			switch pr.Phase(now) {
			case content.ProjectOngoing:
				p.Ongoing = append(p.Ongoing, pr)
			case content.ProjectUpcoming:
				p.Upcoming = append(p.Upcoming, pr)
			default:
				p.Completed = append(p.Completed, pr)
			}
		}
		return views.ProjectList(site, p), nil
	})
}

func (s *Server) projectItem(c echo.Context) error {
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	p, err := s.Store.PublicProject(ctx, lang, slug, now)
	if err != nil {
		return err
	}
	news, err := s.Store.NewsOfProject(ctx, lang, p.Group, 0, now, 6)
	if err != nil {
		return err
	}
	events, err := s.Store.EventsOfProject(ctx, lang, p.Group, now, 6)
	if err != nil {
		return err
	}
	pubs, err := s.Store.PublicationsOfProject(ctx, lang, p.Group, now, 6)
	if err != nil {
		return err
	}
	paths, err := s.translationPaths(ctx, content.KindProject, p.Group, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, paths, func(site views.Site) (templ.Component, error) {
		name := cmp.Or(p.Acronym, p.Title)
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("Projects"), "/projects", name, content.Path(content.KindProject, slug))
		meta := views.Meta{Title: projectTitle(p), Description: p.Summary, Path: site.ItemPath(content.KindProject, slug), Breadcrumbs: crumbs,
			Image: p.LeadImage.Src, ImageAlt: p.LeadImage.Alt}.WithSEO(p.SEO)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		meta.OwnFunding = true
		return views.ProjectItem(site, views.ProjectPage{Meta: meta, Item: p, News: news, Events: events, Publications: pubs}), nil
	})
}

// slugParam is the slug in the path; one no item can have is 404.
func slugParam(c echo.Context) (string, error) {
	slug := c.Param("slug")
	if !content.ValidSlug(slug) {
		return "", content.ErrNotFound
	}
	return slug, nil
}

func projectTitle(p content.Project) string {
	if p.Acronym != "" {
		return p.Title + " (" + p.Acronym + ")"
	}
	return p.Title
}

func (s *Server) plainPage(c echo.Context) error {
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	pg, err := s.Store.PublicPage(ctx, s.langOf(c), slug, now)
	if err != nil {
		return err
	}
	paths, err := s.translationPaths(ctx, content.KindPage, pg.Group, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, paths, func(site views.Site) (templ.Component, error) {
		crumbs := trail(site, site.L.T("Home"), "/", pg.Title, "/"+slug)
		meta := views.Meta{Title: pg.Title, Description: pg.Summary, Path: site.Path("/" + slug), Breadcrumbs: crumbs}.WithSEO(pg.SEO)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.PlainPage(site, views.PagePage{Meta: meta, Item: pg}), nil
	})
}

func (s *Server) tagList(c echo.Context) error {
	slug := c.Param("tag")
	if !content.ValidSlug(slug) {
		return content.ErrNotFound
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	tag, err := s.Store.Tag(ctx, slug)
	if err != nil {
		return err
	}
	items, total, err := s.Store.NewsByTag(ctx, lang, slug, now, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	projects, err := s.Store.ProjectsByTag(ctx, lang, slug, now)
	if err != nil {
		return err
	}
	var more []views.SitemapSection
	for _, k := range []content.Kind{content.KindPublication, content.KindEvent, content.KindCall} {
		items, err := s.Store.ItemsByTag(ctx, k, lang, slug, now, 50)
		if err != nil {
			return err
		}
		if len(items) > 0 {
			more = append(more, views.SitemapSection{Kind: k, Heading: k.Info().Plural, Items: items})
		}
	}
	if total == 0 && len(projects) == 0 && len(more) == 0 {
		return content.ErrNotFound // a tag nobody public uses yet
	}
	// Tags are per language: the switcher leads to the other languages'
	// homes, not to tag pages that may not exist there.
	return s.listPageIn(c, "/tags/"+slug, map[content.Lang]string{s.langOf(c): "/tags/" + slug}, page, total, func(site views.Site, pg views.Pager) (templ.Component, error) {
		crumbs := trail(site, site.L.T("Home"), "/", site.L.T("News"), "/news", tag.Name, "/tags/"+slug)
		meta := pagedMeta(site, views.Meta{Title: site.L.F("TagTitle", i18n.Data{"Tag": tag.Name}), Path: site.Path("/tags/" + slug), Breadcrumbs: crumbs,
			Description: site.L.F("TagDescription", i18n.Data{"Tag": tag.Name, "Site": site.Name})}, pg)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		// Tag pages are lists of what has pages of its own, often a single
		// item: kept out of search results like the later pages of lists,
		// and out of the sitemap.
		meta.NoIndex = true
		return views.TagList(site, views.TagPage{Meta: meta, Tag: tag, Items: items, Projects: projects, More: more, Pager: pg}), nil
	})
}

func (s *Server) search(c echo.Context) error {
	q, err := searchQuery(c)
	if err != nil {
		return err
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	var hits []store.Hit
	total := 0
	if q != "" {
		if hits, total, err = s.Store.Search(ctx, s.langOf(c), q, now, perPage, (page-1)*perPage); err != nil {
			return err
		}
	}
	more := total > store.SearchCap
	total = min(total, store.SearchCap)
	return s.listPage(c, "/search?q="+url.QueryEscape(q), page, total, func(site views.Site, pg views.Pager) (templ.Component, error) {
		p := views.SearchPage{Query: q, Searched: c.QueryParam("q") != "", Total: total, More: more, Pager: pg,
			Meta: views.Meta{Title: site.L.T("Search"), Path: site.Path("/search"), NoIndex: true,
				Description: site.L.F("SearchDescription", i18n.Data{"Site": site.Name})}}
		p.Meta.Breadcrumbs = trail(site, site.L.T("Home"), "/", site.L.T("Search"), "/search")
		p.Meta.JSONLD = []any{breadcrumbLD(site, p.Meta.Breadcrumbs)}
		if q != "" {
			p.Meta.Title = site.L.F("SearchTitle", i18n.Data{"Query": q})
		}
		for _, h := range hits {
			p.Results = append(p.Results, views.SearchResult{Kind: h.Kind, Title: h.Title, Path: site.ItemPath(h.Kind, h.Slug),
				Date: h.PublishedAt, Snippet: segments(h.Snippet)})
		}
		return views.Search(site, p), nil
	})
}

// searchQuery is the text searched for. Control characters and broken
// UTF-8 cannot be searched for and must not reach the page; they become
// spaces.
func searchQuery(c echo.Context) (string, error) {
	q := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, c.QueryParam("q")))
	if len(q) > 200 {
		return "", badRequest("Please search for something shorter: 200 characters at most.")
	}
	return q, nil
}

// segments splits a snippet at the store's match markers.
func segments(snippet string) []views.Segment {
	var out []views.Segment
	for snippet != "" {
		i := strings.Index(snippet, store.MarkStart)
		if i < 0 {
			out = append(out, views.Segment{Text: snippet})
			break
		}
		if i > 0 {
			out = append(out, views.Segment{Text: snippet[:i]})
		}
		rest := snippet[i+len(store.MarkStart):]
		j := strings.Index(rest, store.MarkEnd)
		if j < 0 {
			out = append(out, views.Segment{Text: rest, Match: true})
			break
		}
		out = append(out, views.Segment{Text: rest[:j], Match: true})
		snippet = rest[j+len(store.MarkEnd):]
	}
	return out
}

func (s *Server) siteMap(c echo.Context) error {
	ctx, now, lang := c.Request().Context(), s.Now(), s.langOf(c)
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	return s.renderPage(c, everyLang(set, "/sitemap"), func(site views.Site) (templ.Component, error) {
		p := views.SitemapPage{Meta: views.Meta{Title: site.L.T("Sitemap"), Path: site.Path("/sitemap"),
			Description: site.L.F("SitemapDescription", i18n.Data{"Site": site.Name})}}
		pages, err := s.Store.PublicPages(ctx, lang, now)
		if err != nil {
			return nil, err
		}
		for _, pg := range pages {
			p.Pages = append(p.Pages, content.Summary{Kind: content.KindPage, Slug: pg.Slug, Title: pg.Title, UpdatedAt: pg.UpdatedAt})
		}
		projects, err := s.Store.PublicProjects(ctx, lang, now)
		if err != nil {
			return nil, err
		}
		for _, pr := range projects {
			p.Projects = append(p.Projects, content.Summary{Kind: content.KindProject, Slug: pr.Slug, Title: projectTitle(pr), UpdatedAt: pr.UpdatedAt})
		}
		for _, k := range []content.Kind{content.KindPublication, content.KindEvent, content.KindCall} {
			items, err := s.Store.PublicSummaries(ctx, k, lang, now, 50)
			if err != nil {
				return nil, err
			}
			p.More = append(p.More, views.SitemapSection{Kind: k, Heading: k.Info().Plural, Items: items})
		}
		// The human site map lists recent news; the full archive is one click away.
		if p.News, _, err = s.Store.LatestNews(ctx, lang, now, 50, 0); err != nil {
			return nil, err
		}
		if p.Tags, err = s.Store.PublicTags(ctx, lang, now); err != nil {
			return nil, err
		}
		p.Meta.Breadcrumbs = trail(site, site.L.T("Home"), "/", site.L.T("Sitemap"), "/sitemap")
		p.Meta.JSONLD = []any{breadcrumbLD(site, p.Meta.Breadcrumbs)}
		return views.SiteMap(site, p), nil
	})
}

func (s *Server) healthz(c echo.Context) error {
	if err := s.Store.Ping(c.Request().Context()); err != nil {
		s.Log.Error("health check", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.String(http.StatusOK, "ok\n")
}

// readyz says whether this server should get traffic: it fails while the
// database cannot take writes (read-only, disk nearly full), so that a
// load balancer sends visitors and staff to another one. /healthz stays
// the cheap liveness check.
func (s *Server) readyz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if err := s.Store.Ready(c.Request().Context()); err != nil {
		s.Log.Warn("not ready", "err", err) // the details (paths, sizes) stay in the log
		return c.String(http.StatusServiceUnavailable, "not ready: the database cannot take writes\n")
	}
	return c.String(http.StatusOK, "ready\n")
}

// trail builds breadcrumbs from name, path pairs, starting at the home
// page; the paths are unprefixed and become the page language's.
func trail(site views.Site, namePath ...string) []views.Crumb {
	out := make([]views.Crumb, 0, len(namePath)/2)
	for i := 0; i+1 < len(namePath); i += 2 {
		out = append(out, views.Crumb{Name: namePath[i], Path: site.Path(namePath[i+1])})
	}
	return out
}

// fundingOf is the project an item belongs to, when it has funders to
// show: an item about an EU-funded project carries its funding block (EU
// visibility rules tie the statement to what was funded).
func (s *Server) fundingOf(ctx context.Context, ref *content.ProjectRef, now time.Time) (*content.Project, error) {
	if ref == nil {
		return nil, nil
	}
	p, err := s.Store.PublicProject(ctx, ref.Lang, ref.Slug, now)
	if errors.Is(err, content.ErrNotFound) || errors.Is(err, content.ErrGone) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if len(p.Funders) == 0 || p.Derogation {
		return nil, nil
	}
	return &p, nil
}
