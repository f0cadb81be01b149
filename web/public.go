package web

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
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

func pagedMeta(m views.Meta, p views.Pager) views.Meta {
	if p.Page > 1 {
		m.Path = p.URL(p.Page)
		m.Title += " – page " + strconv.Itoa(p.Page)
		m.PrevPath = p.URL(p.Page - 1)
	}
	if p.Page < p.Pages {
		m.NextPath = p.URL(p.Page + 1)
	}
	return m
}

func (s *Server) home(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		latest, _, err := s.Store.LatestNews(ctx, now, 6, 0)
		if err != nil {
			return nil, err
		}
		projects, err := s.Store.PublicProjects(ctx, now)
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
		meta := views.Meta{Path: "/", Description: cmp.Or(site.Intro, site.Tagline), JSONLD: []any{organizationLD(site)}}
		return views.Home(site, views.HomePage{Meta: meta, Intro: site.Intro, Latest: latest, Projects: current, Partners: partners}), nil
	})
}

func (s *Server) newsList(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	items, total, err := s.Store.LatestNews(ctx, now, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	pg, err := pager(page, total, "/news")
	if err != nil {
		return err
	}
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		crumbs := trail("Home", "/", "News", "/news")
		meta := pagedMeta(views.Meta{Title: "News", Path: "/news", Breadcrumbs: crumbs,
			Description: "News, events and publications from " + site.Name + "."}, pg)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.NewsList(site, views.NewsListPage{Meta: meta, Items: items, Pager: pg}), nil
	})
}

func (s *Server) newsItem(c echo.Context) error {
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	n, err := s.Store.PublicNews(ctx, slug, now)
	if err != nil {
		return err
	}
	var related []content.Summary
	if n.ProjectID != 0 && n.Project != nil {
		if related, err = s.Store.NewsOfProject(ctx, n.ProjectID, n.ID, now, 3); err != nil {
			return err
		}
	}
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		path := content.Path(content.KindNews, slug)
		crumbs := trail("Home", "/", "News", "/news", n.Title, path)
		meta := views.Meta{Title: n.Title, Description: n.Summary, Path: path, OGType: "article", Breadcrumbs: crumbs,
			Image: n.LeadImage.Src, ImageAlt: n.LeadImage.Alt, Published: n.PublishedAt, Modified: n.UpdatedAt}
		meta.JSONLD = []any{newsArticleLD(site, n, path), breadcrumbLD(site, crumbs)}
		return views.NewsItem(site, views.NewsPage{Meta: meta, Item: n, Related: related}), nil
	})
}

func (s *Server) projectList(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	projects, err := s.Store.PublicProjects(ctx, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		crumbs := trail("Home", "/", "Projects", "/projects")
		p := views.ProjectListPage{Meta: views.Meta{Title: "Projects", Path: "/projects", Breadcrumbs: crumbs,
			Description: "Ongoing, upcoming and completed projects of " + site.Name + "."}}
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
	ctx, now := c.Request().Context(), s.Now()
	p, err := s.Store.PublicProject(ctx, slug, now)
	if err != nil {
		return err
	}
	news, err := s.Store.NewsOfProject(ctx, p.ID, 0, now, 6)
	if err != nil {
		return err
	}
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		path := content.Path(content.KindProject, slug)
		name := p.Title
		if p.Acronym != "" {
			name = p.Acronym
		}
		crumbs := trail("Home", "/", "Projects", "/projects", name, path)
		meta := views.Meta{Title: projectTitle(p), Description: p.Summary, Path: path, Breadcrumbs: crumbs,
			Image: p.LeadImage.Src, ImageAlt: p.LeadImage.Alt}
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.ProjectItem(site, views.ProjectPage{Meta: meta, Item: p, News: news}), nil
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
	pg, err := s.Store.PublicPage(ctx, slug, now)
	if err != nil {
		return err
	}
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		path := "/" + slug
		crumbs := trail("Home", "/", pg.Title, path)
		meta := views.Meta{Title: pg.Title, Description: pg.Summary, Path: path, Breadcrumbs: crumbs}
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
	ctx, now := c.Request().Context(), s.Now()
	tag, err := s.Store.Tag(ctx, slug)
	if err != nil {
		return err
	}
	items, total, err := s.Store.NewsByTag(ctx, slug, now, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	projects, err := s.Store.ProjectsByTag(ctx, slug, now)
	if err != nil {
		return err
	}
	if total == 0 && len(projects) == 0 {
		return content.ErrNotFound // a tag nobody public uses yet
	}
	pg, err := pager(page, total, "/tags/"+slug)
	if err != nil {
		return err
	}
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		crumbs := trail("Home", "/", "News", "/news", tag.Name, "/tags/"+slug)
		meta := pagedMeta(views.Meta{Title: "Tagged: " + tag.Name, Path: "/tags/" + slug, Breadcrumbs: crumbs,
			Description: "News and projects about " + tag.Name + " from " + site.Name + "."}, pg)
		meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
		return views.TagList(site, views.TagPage{Meta: meta, Tag: tag, Items: items, Projects: projects, Pager: pg}), nil
	})
}

func (s *Server) search(c echo.Context) error {
	// Control characters and broken UTF-8 cannot be searched for and must
	// not reach the page; they become spaces.
	q := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, c.QueryParam("q")))
	if len(q) > 200 {
		return badRequest("Please search for something shorter: 200 characters at most.")
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	var hits []store.Hit
	total := 0
	if q != "" {
		if hits, total, err = s.Store.Search(ctx, content.DefaultLang, q, now, perPage, (page-1)*perPage); err != nil {
			return err
		}
	}
	pg, err := pager(page, total, "/search?q="+url.QueryEscape(q))
	if err != nil {
		return err
	}
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		p := views.SearchPage{Query: q, Searched: c.QueryParam("q") != "", Total: total, Pager: pg,
			Meta: views.Meta{Title: "Search", Path: "/search", NoIndex: true, Description: "Search the news, projects and pages of " + site.Name + "."}}
		p.Meta.Breadcrumbs = trail("Home", "/", "Search", "/search")
		p.Meta.JSONLD = []any{breadcrumbLD(site, p.Meta.Breadcrumbs)}
		if q != "" {
			p.Meta.Title = "Search: " + q
		}
		for _, h := range hits {
			p.Results = append(p.Results, views.SearchResult{Kind: h.Kind, Title: h.Title, Path: content.Path(h.Kind, h.Slug),
				Date: h.PublishedAt, Snippet: segments(h.Snippet)})
		}
		return views.Search(site, p), nil
	})
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
	ctx, now := c.Request().Context(), s.Now()
	return s.renderPage(c, func(site views.Site) (templ.Component, error) {
		p := views.SitemapPage{Meta: views.Meta{Title: "Site map", Path: "/sitemap", Description: "Every page of " + site.Name + " at a glance."}}
		pages, err := s.Store.PublicPages(ctx, now)
		if err != nil {
			return nil, err
		}
		for _, pg := range pages {
			p.Pages = append(p.Pages, content.Summary{Kind: content.KindPage, Slug: pg.Slug, Title: pg.Title, UpdatedAt: pg.UpdatedAt})
		}
		projects, err := s.Store.PublicProjects(ctx, now)
		if err != nil {
			return nil, err
		}
		for _, pr := range projects {
			p.Projects = append(p.Projects, content.Summary{Kind: content.KindProject, Slug: pr.Slug, Title: projectTitle(pr), UpdatedAt: pr.UpdatedAt})
		}
		// The human site map lists recent news; the full archive is one click away.
		if p.News, _, err = s.Store.LatestNews(ctx, now, 50, 0); err != nil {
			return nil, err
		}
		if p.Tags, err = s.Store.PublicTags(ctx, now); err != nil {
			return nil, err
		}
		crumbs := trail("Home", "/", "Site map", "/sitemap")
		p.Meta.Breadcrumbs = crumbs
		p.Meta.JSONLD = []any{breadcrumbLD(site, crumbs)}
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

// trail builds breadcrumbs from name, path pairs, starting at the home page.
func trail(namePath ...string) []views.Crumb {
	out := make([]views.Crumb, 0, len(namePath)/2)
	for i := 0; i+1 < len(namePath); i += 2 {
		out = append(out, views.Crumb{Name: namePath[i], Path: namePath[i+1]})
	}
	return out
}
