package admin

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

// Dashboard is the admin home: counts per kind and state, and what
// changed lately.
func (s *Server) Dashboard(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	ch, err := s.chrome(c, "Dashboard")
	if err != nil {
		return err
	}
	counts, err := s.Store.AdminCounts(ctx, now)
	if err != nil {
		return err
	}
	p := view.DashboardPage{Chrome: ch, Counts: counts}
	if sess := sessionOf(c); sess != nil {
		// Recorded by the sign-in that started this session (see signedIn).
		e, ok, err := s.Store.LatestAudit(ctx, failedSignIns, "user "+strconv.FormatInt(sess.User.ID, 10), sess.CreatedAt)
		if err != nil {
			return err
		}
		if ok {
			p.FailedSignIns, p.FailedAt = e.Detail, e.At
		}
	}
	if err := s.dashboardReviews(c, &p); err != nil {
		return err
	}
	for _, k := range content.Kinds() {
		rows, _, err := s.Store.AdminList(ctx, k.Kind, store.ListFilter{Limit: 5, Author: contributor(c)}, now)
		if err != nil {
			return err
		}
		p.Recent = append(p.Recent, adminRows(rows, now)...)
	}
	slices.SortStableFunc(p.Recent, func(a, b view.Row) int { return b.Updated.Compare(a.Updated) })
	if len(p.Recent) > 8 {
		p.Recent = p.Recent[:8]
	}
	return s.render(c, http.StatusOK, view.Dashboard(p))
}

// dashboardReviews are the drafts waiting for an editor or, for a
// contributor, their drafts sent back with a note (the notice that stands
// in for email on a site without mail).
func (s *Server) dashboardReviews(c echo.Context, p *view.DashboardPage) error {
	reviews, err := s.Store.Reviews(c.Request().Context(), contributor(c))
	if err != nil {
		return err
	}
	if contributor(c) != 0 {
		p.Returned = reviewRows(reviews)
	} else {
		p.Waiting = reviewRows(reviews)
	}
	return nil
}

// rowTranslations says for each row which translations it has, lacks or
// has outdated.
func (s *Server) rowTranslations(ctx context.Context, out []view.Row, rows []store.ListRow) error {
	set := s.settings(ctx)
	for i, r := range rows {
		if out[i].PublicURL != "" {
			out[i].PublicURL = content.LangPath(r.Entry.Lang, set.DefaultLang(), out[i].PublicURL)
		}
		var err error
		if out[i].Translations, err = s.translationLinks(ctx, r.Kind, r.Entry, set); err != nil {
			return err
		}
	}
	return nil
}

func adminRows(rows []store.ListRow, now time.Time) []view.Row {
	out := make([]view.Row, len(rows))
	for i, r := range rows {
		out[i] = view.Row{ID: r.Entry.ID, Kind: r.Kind, Lang: r.Entry.Lang, Title: r.Entry.Title, Extra: r.Extra, State: r.Entry.State(now),
			Published: r.Entry.PublishedAt, Expires: r.Entry.ExpiresAt, Updated: r.Entry.UpdatedAt, Author: r.Entry.AuthorName, Editor: r.EditorName}
		if r.Entry.Visible(now) {
			out[i].PublicURL = content.Path(r.Kind, r.Entry.Slug)
		}
	}
	return out
}

// List is the list screen of a kind, filtered by state and searched.
func (s *Server) List(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, now := c.Request().Context(), s.Now()
		page, err := pageParam(c)
		if err != nil {
			return err
		}
		state := content.State(c.QueryParam("state"))
		if state != "" && !state.Valid() {
			return badRequest("Unknown status filter.")
		}
		q, err := search(c)
		if err != nil {
			return err
		}
		sort := store.ListSort(c.QueryParam("sort"))
		if !slices.Contains([]store.ListSort{store.SortChanged, store.SortPublished, store.SortDate}, sort) {
			return badRequest("Unknown order.")
		}
		const per = 25
		rows, total, err := s.Store.AdminList(ctx, k, store.ListFilter{State: state, Query: q, Sort: sort, Limit: per, Offset: (page - 1) * per, Author: contributor(c)}, now)
		if err != nil {
			return err
		}
		pages, err := listPage(page, total, per)
		if err != nil {
			return err
		}
		ch, err := s.chrome(c, k.Info().Plural)
		if err != nil {
			return err
		}
		listRows := adminRows(rows, now)
		if err := s.rowTranslations(ctx, listRows, rows); err != nil {
			return err
		}
		listURL := k.Info().Admin + "?state=" + string(state) + "&q=" + url.QueryEscape(q) + "&sort=" + string(sort)
		return s.render(c, http.StatusOK, view.List(view.ListPage{Chrome: ch, Kind: k, Rows: listRows, State: string(state), Query: q, Sort: string(sort),
			Page: page, Pages: pages, Total: total, BaseURL: listURL}))
	}
}
