package admin

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// History lists an item's revisions.
func (s *Server) History(k content.Kind) echo.HandlerFunc {
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
		title := revisionTitle(revs[0].Data)
		ch, err := s.chrome(c, "History: "+title)
		if err != nil {
			return err
		}
		p := view.HistoryPage{Chrome: ch, Title: title, EditURL: itemPath(k, id, "")}
		ed, zone := s.editors[k], ch.Zone
		for i, r := range revs {
			summary := "First version"
			if i+1 < len(revs) {
				summary = changedFields(ed.revision(revs[i+1].Data, zone), ed.revision(r.Data, zone))
			}
			p.Revisions = append(p.Revisions, view.RevisionRow{ID: r.ID, By: r.UserName, At: r.CreatedAt, Summary: summary,
				URL: itemPath(k, id, "/history/"+itoa64(r.ID))})
		}
		return s.render(c, http.StatusOK, view.History(p))
	}
}

// itemPath is a saved item's admin page, with a suffix such as "/history".
func itemPath(k content.Kind, id int64, suffix string) string {
	return k.Info().Admin + "/" + itoa64(id) + suffix
}

// Revision shows what one revision changed against the one before; with
// confirm (the restore's confirmation page), what restoring it would
// change in the item as it is now.
func (s *Server) Revision(k content.Kind, confirm bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, revID, err := revisionParams(c)
		if err != nil {
			return err
		}
		revs, err := s.Store.Revisions(c.Request().Context(), k, id)
		if err != nil {
			return err
		}
		at := slices.IndexFunc(revs, func(r store.Revision) bool { return r.ID == revID })
		if at < 0 || (confirm && at == 0) {
			return content.ErrNotFound
		}
		ed, zone := s.editors[k], s.settings(c.Request().Context()).Zone()
		base := at + 1 // the revision before it
		if confirm {
			base = 0 // the item now
		}
		var older []string
		if base < len(revs) {
			older = ed.revision(revs[base].Data, zone)
		}
		chosen := ed.revision(revs[at].Data, zone)
		if confirm { // what a restore brings back, and nothing else
			older, chosen = restoredLines(older), restoredLines(chosen)
		}
		title := revisionTitle(revs[at].Data)
		ch, err := s.chrome(c, "Revision of "+title)
		if err != nil {
			return err
		}
		self := itemPath(k, id, "")
		return s.render(c, http.StatusOK, view.Diff(view.DiffPage{Chrome: ch, Title: title, By: revs[at].UserName, At: revs[at].CreatedAt,
			First: !confirm && at+1 == len(revs), Current: at == 0, Confirm: confirm, Lines: diffLines(older, chosen),
			HistoryURL: self + "/history", RestoreURL: self + "/history/" + itoa64(revID) + "/restore"}))
	}
}

// Restore brings a revision's text and image back (see
// store.RestoreRevision), once confirmed on the page that shows what it
// changes; without confirm=yes it sends there.
func (s *Server) Restore(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, revID, err := revisionParams(c)
		if err != nil {
			return err
		}
		if c.FormValue("confirm") != "yes" {
			return c.Redirect(http.StatusSeeOther, itemPath(k, id, "/history/"+itoa64(revID)+"/restore"))
		}
		err = s.Store.RestoreRevision(c.Request().Context(), k, id, revID, s.Now())
		if errors.Is(err, content.ErrConflict) {
			return echo.NewHTTPError(http.StatusConflict, "This revision's slug is now used by another item; change that item's slug first.")
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, itemPath(k, id, "?restored=1"))
	}
}

// revisionParams read the item's and the revision's ids from the path.
func revisionParams(c echo.Context) (id, rev int64, err error) {
	id, err = idParam(c)
	if err != nil {
		return 0, 0, err
	}
	rev, ok := form.ID(c.Param("rev"))
	if !ok {
		return 0, 0, content.ErrNotFound
	}
	return id, rev, nil
}

func revisionTitle(data string) string {
	var e struct{ Title string }
	json.Unmarshal([]byte(data), &e)
	return e.Title
}

// entryLines renders a revision's common fields as lines of text for a
// diff, the kind's own fields (more) before the body.
func entryLines(e content.Entry, zone *time.Location, more ...string) []string {
	lines := []string{"Title: " + e.Title, "Slug: " + e.Slug, "Summary: " + e.Summary, "Status: " + string(e.Status),
		"Publication: " + stamp(e.PublishedAt, zone), "Expiry: " + stamp(e.ExpiresAt, zone)}
	lines = append(lines, more...)
	lines = append(lines, "Body:")
	return append(lines, strings.Split(e.BodyMD, "\n")...)
}

// changedFields says in a line which fields differ between two
// revisions' lines ("Title, text changed").
func changedFields(older, newer []string) string {
	fields := func(lines []string) (map[string]string, string) {
		m := map[string]string{}
		for i, l := range lines {
			if l == "Body:" {
				return m, strings.Join(lines[i+1:], "\n")
			}
			name, value, _ := strings.Cut(l, ": ")
			m[name] = value
		}
		return m, ""
	}
	a, bodyA := fields(older)
	b, bodyB := fields(newer)
	var changed []string
	for _, l := range newer {
		if l == "Body:" {
			break
		}
		name, _, _ := strings.Cut(l, ": ")
		if a[name] != b[name] {
			changed = append(changed, strings.ToLower(name))
		}
	}
	if bodyA != bodyB {
		changed = append(changed, "text")
	}
	if len(changed) == 0 {
		return "Saved without changes"
	}
	s := strings.Join(changed, ", ") + " changed"
	return strings.ToUpper(s[:1]) + s[1:]
}

// restoredLines keeps of a revision's lines those a restore brings back
// (content.Restore, content.RestoreImage): title, summary, lead image and
// the body.
func restoredLines(lines []string) []string {
	var out []string
	for i, l := range lines {
		if l == "Body:" {
			return append(out, lines[i:]...)
		}
		if strings.HasPrefix(l, "Title: ") || strings.HasPrefix(l, "Summary: ") || strings.HasPrefix(l, "Lead image: ") {
			out = append(out, l)
		}
	}
	return out
}

// stamp writes a time in the site's zone, as every admin page does.
func stamp(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone).Format("2 Jan 2006, 15:04 MST")
}

// diffLines is a line diff by longest common subsequence: revisions are
// short, so the quadratic table is small.
func diffLines(a, b []string) []view.DiffLine {
	if len(a)*len(b) > 4_000_000 {
		// Too large to align; show the whole change.
		return append(lines('-', a), lines('+', b)...)
	}
	lcs := commonLengths(a, b)
	var out []view.DiffLine
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, view.DiffLine{Op: ' ', Text: a[i]})
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, view.DiffLine{Op: '+', Text: b[j]})
			j++
		default:
			out = append(out, view.DiffLine{Op: '-', Text: a[i]})
			i++
		}
	}
	return out
}

// commonLengths is the table of longest common subsequences of every pair
// of suffixes of a and b.
func commonLengths(a, b []string) [][]int {
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
	return lcs
}

// lines marks every line with op.
func lines(op byte, texts []string) []view.DiffLine {
	out := make([]view.DiffLine, len(texts))
	for i, t := range texts {
		out[i] = view.DiffLine{Op: op, Text: t}
	}
	return out
}

// Preview shows staff a saved item as the public would see it once
// published, whatever its state.
func (s *Server) Preview(c echo.Context) error {
	k, ok := content.ParseKind(c.Param("kind"))
	if !ok {
		return content.ErrNotFound
	}
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	comp, err := s.editors[k].preview(ctx, id, func(e content.Entry) (views.Site, error) { return s.previewSite(ctx, k, e) })
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, comp)
}

// previewSite is the site of a staff preview in the item's language, its
// language switcher leading to the previews of its translations.
func (s *Server) previewSite(ctx context.Context, k content.Kind, e content.Entry) (views.Site, error) {
	site, err := s.Site(ctx, e.Lang)
	site.Preview = true
	if err != nil || len(site.Langs) < 2 {
		return site, err
	}
	ts, err := s.Store.Translations(ctx, k, e.Group, s.Now())
	if err != nil {
		return site, err
	}
	site.Langs, site.Alternates = nil, nil
	for _, t := range ts {
		site.Langs = append(site.Langs, views.LangLink{Lang: t.Lang, Name: t.Lang.Info().Name,
			Path: "/admin/preview/" + string(k) + "/" + itoa64(t.ID), Current: t.ID == e.ID})
	}
	return site, nil
}

// previewMeta is the head of a staff preview: never indexed.
func previewMeta(k content.Kind, e content.Entry) views.Meta {
	return views.Meta{Title: "Preview: " + e.Title, Description: e.Summary, Path: content.Path(k, e.Slug), NoIndex: true}
}
