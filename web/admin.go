package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"orgsite/internal/auth"
	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

// adminRoutes registers the admin area. Every route below the group passes
// through the session, CSRF and no-store middleware; all but login need a
// logged-in user, and users and settings need an admin.
func (s *Server) adminRoutes() {
	limit := middleware.BodyLimit(strconv.FormatInt(s.Config.MaxUpload+1<<20, 10) + "B")
	g := s.echo.Group("/admin", s.adminHeaders, limit, s.loadSession, s.checkCSRF)
	g.GET("/login", s.loginForm)
	g.POST("/login", s.login)

	a := g.Group("", s.requireUser)
	a.POST("/logout", s.logout)
	a.GET("", s.dashboard)
	a.GET("/preview/:kind/:id", s.preview)
	s.adminNewsRoutes(a)
	s.adminProjectRoutes(a)
	s.adminPageRoutes(a)
	s.adminPartnerRoutes(a)
	s.adminMediaRoutes(a)
	s.adminRedirectRoutes(a)
	s.adminTrashRoutes(a)
	s.adminAccountRoutes(a)

	only := a.Group("", s.requireAdmin)
	s.adminUserRoutes(only)
	s.adminSettingsRoutes(only)
	s.adminAuditRoutes(only)
}

// chrome is what every admin page needs about the user and the site.
func (s *Server) chrome(c echo.Context, title string) (admin.Chrome, error) {
	site, err := s.site(c.Request().Context())
	if err != nil {
		return admin.Chrome{}, err
	}
	sess := sessionOf(c)
	ch := admin.Chrome{SiteName: site.Name, PageTitle: title, Path: c.Request().URL.Path, Zone: site.Zone}
	if sess != nil {
		ch.UserName, ch.IsAdmin, ch.CSRF = sess.User.Name, sess.User.Role == auth.RoleAdmin, sess.CSRF
	}
	switch {
	case c.QueryParam("saved") != "":
		ch.Flash = "Saved."
	case c.QueryParam("done") != "":
		ch.Flash = "Done."
	}
	noticeUnavailable(c, &ch)
	return ch, nil
}

func (s *Server) dashboard(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	ch, err := s.chrome(c, "Dashboard")
	if err != nil {
		return err
	}
	counts, err := s.Store.AdminCounts(ctx, now)
	if err != nil {
		return err
	}
	p := admin.DashboardPage{Chrome: ch, Counts: counts}
	for _, k := range []content.Kind{content.KindNews, content.KindProject, content.KindPage} {
		rows, _, err := s.Store.AdminList(ctx, k, store.ListFilter{Limit: 5}, now)
		if err != nil {
			return err
		}
		p.Recent = append(p.Recent, adminRows(rows, now)...)
	}
	slices.SortStableFunc(p.Recent, func(a, b admin.Row) int { return b.Updated.Compare(a.Updated) })
	if len(p.Recent) > 8 {
		p.Recent = p.Recent[:8]
	}
	return s.render(c, http.StatusOK, admin.Dashboard(p))
}

func adminRows(rows []store.ListRow, now time.Time) []admin.Row {
	out := make([]admin.Row, len(rows))
	for i, r := range rows {
		out[i] = admin.Row{ID: r.Entry.ID, Kind: r.Kind, Title: r.Entry.Title, Extra: r.Extra, State: r.Entry.State(now),
			Published: r.Entry.PublishedAt, Expires: r.Entry.ExpiresAt, Updated: r.Entry.UpdatedAt, Author: r.Entry.AuthorName, Editor: r.EditorName}
		if r.Entry.Visible(now) {
			out[i].PublicURL = content.Path(r.Kind, r.Entry.Slug)
		}
	}
	return out
}

// adminList is the list screen of news, projects or pages.
func (s *Server) adminList(k content.Kind, base string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, now := c.Request().Context(), s.Now()
		page, err := pageParam(c)
		if err != nil {
			return err
		}
		state := c.QueryParam("state")
		if state != "" && !stateWhereOK(state) {
			return badRequest("Unknown status filter.")
		}
		q := strings.TrimSpace(c.QueryParam("q"))
		if len(q) > 200 {
			return badRequest("The search text is too long.")
		}
		const per = 25
		rows, total, err := s.Store.AdminList(ctx, k, store.ListFilter{State: content.State(state), Query: q, Limit: per, Offset: (page - 1) * per}, now)
		if err != nil {
			return err
		}
		pages := max(1, (total+per-1)/per)
		if page > pages {
			return content.ErrNotFound
		}
		ch, err := s.chrome(c, map[content.Kind]string{content.KindNews: "News", content.KindProject: "Projects", content.KindPage: "Pages"}[k])
		if err != nil {
			return err
		}
		listURL := base + "?state=" + state + "&q=" + urlEscape(q)
		return s.render(c, http.StatusOK, admin.List(admin.ListPage{Chrome: ch, Kind: k, Rows: adminRows(rows, now), State: state, Query: q,
			Page: page, Pages: pages, Total: total, BaseURL: listURL}))
	}
}

func stateWhereOK(s string) bool {
	switch content.State(s) {
	case content.StateDraft, content.StateScheduled, content.StatePublished, content.StateExpired:
		return true
	}
	return false
}

// idParam reads a numeric id from the path; anything else is 404.
func idParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, content.ErrNotFound
	}
	return id, nil
}
