package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views"
	"orgsite/views/admin"
)

// historyRoutes adds an item's revision history, a diff of each revision
// against the one before, and restoring any revision.
func (s *Server) historyRoutes(a *echo.Group, k content.Kind, base string) {
	a.GET(base+"/:id/history", s.history(k, base))
	a.GET(base+"/:id/history/:rev", s.revisionDiff(k, base))
	a.POST(base+"/:id/history/:rev/restore", s.restoreRevision(k, base))
}

func (s *Server) history(k content.Kind, base string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		revs, err := s.Store.Revisions(c.Request().Context(), k, id)
		if err != nil {
			return err
		}
		if len(revs) == 0 {
			return content.ErrNotFound
		}
		title := revisionTitle(k, revs[0].Data)
		ch, err := s.chrome(c, "History: "+title)
		if err != nil {
			return err
		}
		p := admin.HistoryPage{Chrome: ch, Title: title, EditURL: "/admin" + base + "/" + itoa64(id)}
		for _, r := range revs {
			p.Revisions = append(p.Revisions, admin.RevisionRow{ID: r.ID, By: r.UserName, At: r.CreatedAt,
				URL: "/admin" + base + "/" + itoa64(id) + "/history/" + itoa64(r.ID)})
		}
		return s.render(c, http.StatusOK, admin.History(p))
	}
}

func (s *Server) revisionDiff(k content.Kind, base string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		revID, err := strconv.ParseInt(c.Param("rev"), 10, 64)
		if err != nil {
			return content.ErrNotFound
		}
		revs, err := s.Store.Revisions(c.Request().Context(), k, id)
		if err != nil {
			return err
		}
		at := -1
		for i, r := range revs {
			if r.ID == revID {
				at = i
			}
		}
		if at < 0 {
			return content.ErrNotFound
		}
		newer := revisionLines(k, revs[at].Data)
		var older []string
		if at+1 < len(revs) {
			older = revisionLines(k, revs[at+1].Data)
		}
		title := revisionTitle(k, revs[at].Data)
		ch, err := s.chrome(c, "Revision of "+title)
		if err != nil {
			return err
		}
		self := "/admin" + base + "/" + itoa64(id)
		p := admin.DiffPage{Chrome: ch, Title: title, By: revs[at].UserName, At: revs[at].CreatedAt, First: at+1 == len(revs),
			Lines: diffLines(older, newer), HistoryURL: self + "/history", RestoreURL: self + "/history/" + itoa64(revID) + "/restore",
			Current: at == 0}
		return s.render(c, http.StatusOK, admin.Diff(p))
	}
}

func (s *Server) restoreRevision(k content.Kind, base string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		revID, err := strconv.ParseInt(c.Param("rev"), 10, 64)
		if err != nil {
			return content.ErrNotFound
		}
		ctx, now := c.Request().Context(), s.Now()
		rev, err := s.Store.RevisionByID(ctx, revID)
		if err != nil {
			return err
		}
		if rev.Kind != k || rev.RefID != id {
			return content.ErrNotFound
		}
		// What the revision points to may be gone since (an image deleted
		// from the library, a partner, a project): restore without it.
		switch k {
		case content.KindNews:
			var n content.News
			if err = json.Unmarshal([]byte(rev.Data), &n); err == nil {
				n.ID = id
				n.LeadImage.MediaID = s.existingMedia(ctx, n.LeadImage.MediaID)
				if projects, perr := s.Store.ProjectOptions(ctx); perr == nil {
					if _, ok := optionID(itoa64(n.ProjectID), projects); !ok || n.ProjectID == 0 {
						n.ProjectID = 0
					}
				}
				err = s.Store.SaveNews(ctx, &n, tagNameList(n.Tags), now)
			}
		case content.KindProject:
			var p store.ProjectRevision
			if err = json.Unmarshal([]byte(rev.Data), &p); err == nil {
				p.ID = id
				p.LeadImage.MediaID = s.existingMedia(ctx, p.LeadImage.MediaID)
				if partners, perr := s.Store.PartnerOptions(ctx); perr == nil {
					p.Roles.Funders = existingIDs(p.Roles.Funders, partners)
					p.Roles.Implementers = existingIDs(p.Roles.Implementers, partners)
					p.Roles.Partners = existingIDs(p.Roles.Partners, partners)
				}
				err = s.Store.SaveProject(ctx, &p.Project, tagNameList(p.Tags), p.Roles, now)
			}
		default:
			var p content.Page
			if err = json.Unmarshal([]byte(rev.Data), &p); err == nil {
				p.ID = id
				err = s.Store.SavePage(ctx, &p, now)
			}
		}
		if errors.Is(err, content.ErrConflict) {
			return echo.NewHTTPError(http.StatusConflict, "This revision's slug is now used by another item; change that item's slug first.")
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin"+base+"/"+itoa64(id)+"?saved=1")
	}
}

// existingMedia is id when that media item still exists, else 0.
func (s *Server) existingMedia(ctx context.Context, id int64) int64 {
	if id == 0 {
		return 0
	}
	if _, err := s.Store.MediaByID(ctx, id); err != nil {
		return 0
	}
	return id
}

func existingIDs(ids []int64, opts []store.Option) []int64 {
	var out []int64
	for _, id := range ids {
		if _, ok := optionID(itoa64(id), opts); ok {
			out = append(out, id)
		}
	}
	return out
}

func tagNameList(tags []content.Tag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Name
	}
	return out
}

func revisionTitle(k content.Kind, data string) string {
	var e struct{ Title string }
	json.Unmarshal([]byte(data), &e)
	return e.Title
}

// revisionLines renders a revision as lines of text for a diff: one line
// per field, then the body.
func revisionLines(k content.Kind, data string) []string {
	var e content.Entry
	var lines []string
	add := func(name, v string) { lines = append(lines, name+": "+v) }
	switch k {
	case content.KindNews:
		var n content.News
		json.Unmarshal([]byte(data), &n)
		e = n.Entry
		defer func() {
			add("Tags", tagNames(n.Tags))
			add("Project", itoa64(n.ProjectID))
			add("Lead image", itoa64(n.LeadImage.MediaID)+" "+n.LeadImage.Alt+" "+n.LeadImage.Credit)
		}()
	case content.KindProject:
		var p store.ProjectRevision
		json.Unmarshal([]byte(data), &p)
		e = p.Entry
		defer func() {
			add("Acronym", p.Acronym)
			add("Dates", p.Duration())
			add("Countries", strings.Join(p.Countries, ", "))
			add("Duty stations", strings.Join(p.DutyStations, ", "))
			add("Tags", tagNames(p.Tags))
			add("Funders", fmt.Sprint(p.Roles.Funders))
			add("Implementers", fmt.Sprint(p.Roles.Implementers))
			add("Partners", fmt.Sprint(p.Roles.Partners))
			add("Statement", p.Statement)
			add("Derogation", fmt.Sprint(p.Derogation)+" "+p.DerogationReason)
		}()
	default:
		var p content.Page
		json.Unmarshal([]byte(data), &p)
		e = p.Entry
		defer add("Menu order", strconv.Itoa(p.MenuOrder))
	}
	add("Title", e.Title)
	add("Slug", e.Slug)
	add("Summary", e.Summary)
	add("Status", string(e.Status))
	add("Publication", stamp(e.PublishedAt))
	add("Expiry", stamp(e.ExpiresAt))
	lines = append(lines, "Body:")
	lines = append(lines, strings.Split(e.BodyMD, "\n")...)
	return lines
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// diffLines is a line diff by longest common subsequence: revisions are
// short, so the quadratic table is small.
func diffLines(a, b []string) []admin.DiffLine {
	if len(a)*len(b) > 4_000_000 {
		// Too large to align; show the whole change.
		var out []admin.DiffLine
		for _, l := range a {
			out = append(out, admin.DiffLine{Op: '-', Text: l})
		}
		for _, l := range b {
			out = append(out, admin.DiffLine{Op: '+', Text: l})
		}
		return out
	}
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []admin.DiffLine
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, admin.DiffLine{Op: ' ', Text: a[i]})
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, admin.DiffLine{Op: '+', Text: b[j]})
			j++
		default:
			out = append(out, admin.DiffLine{Op: '-', Text: a[i]})
			i++
		}
	}
	return out
}

// preview shows staff a saved item as the public would see it once
// published, whatever its state.
func (s *Server) preview(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	site, err := s.site(ctx)
	if err != nil {
		return err
	}
	var comp templ.Component
	switch content.Kind(c.Param("kind")) {
	case content.KindNews:
		n, err := s.Store.NewsByID(ctx, id)
		if err != nil {
			return err
		}
		meta := views.Meta{Title: "Preview: " + n.Title, Description: n.Summary, Path: content.Path(content.KindNews, n.Slug), NoIndex: true}
		comp = views.NewsItem(site, views.NewsPage{Meta: meta, Item: n})
	case content.KindProject:
		p, err := s.Store.ProjectByID(ctx, id)
		if err != nil {
			return err
		}
		meta := views.Meta{Title: "Preview: " + p.Title, Description: p.Summary, Path: content.Path(content.KindProject, p.Slug), NoIndex: true}
		comp = views.ProjectItem(site, views.ProjectPage{Meta: meta, Item: p})
	case content.KindPage:
		p, err := s.Store.PageByID(ctx, id)
		if err != nil {
			return err
		}
		meta := views.Meta{Title: "Preview: " + p.Title, Description: p.Summary, Path: content.Path(content.KindPage, p.Slug), NoIndex: true}
		comp = views.PlainPage(site, views.PagePage{Meta: meta, Item: p})
	default:
		return content.ErrNotFound
	}
	return s.render(c, http.StatusOK, comp)
}
