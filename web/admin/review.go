package admin

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/auth"
	"orgsite/internal/content"
	mailer "orgsite/internal/mail"
	"orgsite/internal/markdown"
	"orgsite/internal/store"
	"orgsite/views"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// Review, sharing and autosave (SPEC "The editor"): a contributor writes
// drafts and submits them; an editor publishes or sends them back; anyone
// given a secret link reads a preview; the editor's script keeps the body
// while it is typed.

// shareTTL is how long a preview link works.
const shareTTL = 7 * 24 * time.Hour

// maxNote is the longest note sent back with a draft, in characters.
const maxNote = 2000

// RequireEditor keeps contributors out of what only editors and admins
// do: publishing, deleting, sharing, the trash, partners and redirects.
func (s *Server) RequireEditor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if sess := sessionOf(c); sess == nil || sess.User.Role == auth.RoleContributor {
			return echo.NewHTTPError(http.StatusForbidden, "Contributors cannot do this: ask an editor.")
		}
		return next(c)
	}
}

// contributor is the signed-in user's id when they are a contributor, 0
// for editors and admins.
func contributor(c echo.Context) int64 {
	if sess := sessionOf(c); sess != nil && sess.User.Role == auth.RoleContributor {
		return sess.User.ID
	}
	return 0
}

// mayEdit refuses a contributor an item that is not their own draft
// (however the request is made), so that they never change what the
// public sees or what a colleague wrote.
func mayEdit(c echo.Context, e *form.Entry, authorID int64) error {
	who := contributor(c)
	if who == 0 || e == nil {
		return nil
	}
	if authorID != who {
		return echo.NewHTTPError(http.StatusForbidden, "This item is a colleague's: contributors edit only their own drafts.")
	}
	if e.Status != string(content.StatusDraft) {
		return echo.NewHTTPError(http.StatusForbidden, "This item is published: only an editor can change it now.")
	}
	return nil
}

// contributorActions are the buttons a contributor may press.
var contributorActions = map[string]bool{"": true, "update": true, "save": true, "draft": true, "preview": true, "submit": true}

// mayPost refuses a contributor's form that would publish: a publishing
// button, or the status fields set to published.
func mayPost(c echo.Context, f *form.Entry) error {
	if contributor(c) == 0 {
		if f.Action == "submit" {
			f.Action = "update" // editors publish rather than submit
		}
		return nil
	}
	if !contributorActions[f.Action] || (f.Status != "" && f.Status != string(content.StatusDraft)) {
		return echo.NewHTTPError(http.StatusForbidden, "Contributors cannot publish or schedule: submit the draft for review.")
	}
	f.Status, f.PublishedAt, f.ExpiresAt = string(content.StatusDraft), "", ""
	return nil
}

// Share makes a secret preview link of an item and shows it, once: only
// its hash is kept.
func (s *Server) Share(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		ctx, now := c.Request().Context(), s.Now()
		token := auth.RandomToken(24) // 192 bits
		if err := s.Store.AddPreviewLink(ctx, k, id, auth.HashToken(token), now, shareTTL); err != nil {
			return err
		}
		ch, err := s.chrome(c, "Preview link")
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, view.SharePage(view.ShareProps{Chrome: ch, URL: s.Config.BaseURL + "/preview/" + token,
			Expires: now.Add(shareTTL), Back: itemPath(k, id, "")}))
	}
}

// ShareRevoke ends every preview link of an item: they answer 404.
func (s *Server) ShareRevoke(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		if _, err := s.Store.RevokePreviewLinks(c.Request().Context(), k, id, s.Now()); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, itemPath(k, id, "")+"?msg=revoked")
	}
}

// SharedPreview shows the item of a preview link to anyone who has it, as
// the public would see it published, marked as a preview, never indexed or
// cached. A revoked, expired or made-up link answers 404.
func (s *Server) SharedPreview(c echo.Context) error {
	token := c.Param("token")
	if len(token) < 20 || len(token) > 64 {
		return content.ErrNotFound
	}
	ctx := c.Request().Context()
	link, err := s.Store.PreviewLinkByHash(ctx, auth.HashToken(token), s.Now())
	if err != nil {
		return err
	}
	ed, ok := s.editors[link.Kind]
	if !ok {
		return content.ErrNotFound
	}
	comp, err := ed.preview(ctx, link.ItemID, func(e content.Entry) (views.Site, error) {
		site, err := s.Site(ctx, e.Lang)
		site.Preview, site.Langs, site.Alternates = true, nil, nil // other languages' previews are staff pages
		return site, err
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer") // the token stays out of other sites' logs
	return s.render(c, http.StatusOK, comp)
}

// ReviewList is the editors' list of drafts waiting for review.
func (s *Server) ReviewList(c echo.Context) error {
	ch, err := s.chromeFlash(c, "Waiting for review")
	if err != nil {
		return err
	}
	reviews, err := s.Store.Reviews(c.Request().Context(), 0)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, view.ReviewListPage(view.ReviewListProps{Chrome: ch, Items: reviewRows(reviews)}))
}

// reviewRows are reviews as the lists show them.
func reviewRows(rs []store.Review) []view.ReviewRow {
	out := make([]view.ReviewRow, len(rs))
	for i, r := range rs {
		out[i] = view.ReviewRow{Title: r.Title, Kind: r.Kind.Info().Label, URL: itemPath(r.Kind, r.ItemID, ""),
			Author: r.Author, Submitted: r.Submitted, Note: r.Note, Reviewer: r.Reviewer}
	}
	return out
}

// SendBack returns a waiting draft to its author with a note, and tells
// them by email.
func (s *Server) SendBack(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		errs := form.Errors{}
		note := formText(c, "note", maxNote, errs, "The note")
		if note == "" && !errs.Has("note") {
			errs.Set("note", "Say what to change.")
		}
		if errs.Has("note") {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, errs["note"])
		}
		ctx := c.Request().Context()
		if err := s.Store.ReturnForReview(ctx, k, id, note, s.Now()); errors.Is(err, content.ErrNotFound) {
			return echo.NewHTTPError(http.StatusConflict, "This item is not waiting for review.")
		} else if err != nil {
			return err
		}
		s.tellAuthor(ctx, k, id, note)
		return c.Redirect(http.StatusSeeOther, "/admin/review?msg=returned")
	}
}

// tellAuthor emails the author of a draft sent back what to change;
// without mail (or when it fails) their dashboard tells them.
func (s *Server) tellAuthor(ctx context.Context, k content.Kind, id int64, note string) {
	if r, err := s.Store.ReviewOf(ctx, k, id); err == nil {
		s.mailAbout(ctx, r.AuthorEmail, r.Author, "Sent back: ", r.Title, "was sent back to you with a note:\n\n"+note+
			"\n\nChange the draft and submit it again", k, id)
	}
}

// approved is the review of a draft that waited for one and that this
// save publishes or schedules, read before the save ends it.
func (s *Server) approved(ctx context.Context, k content.Kind, f editForm) (store.Review, bool) {
	if r := f.saved().Review; r == nil || !r.Waiting || f.entry().Status != string(content.StatusPublished) {
		return store.Review{}, false
	}
	r, err := s.Store.ReviewOf(ctx, k, f.entry().ID)
	return r, err == nil && r.Waiting
}

// tellReviewers emails the site's editors and admins that a draft waits
// for them (with mail off, the menu and the dashboard show it).
func (s *Server) tellReviewers(ctx context.Context, k content.Kind, id int64, title, author string) {
	if !s.Mail.Enabled() {
		return
	}
	users, err := s.Store.Users(ctx)
	if err != nil {
		s.Log.Warn("review email: list users", "err", err)
		return
	}
	for _, u := range users {
		if !u.Disabled && u.Role != auth.RoleContributor && u.PasswordHash != "" {
			s.mailAbout(ctx, u.Email, u.Name, "Waiting for review: ", title,
				"was submitted for review by "+author+". Publish it, or send it back with a note", k, id)
		}
	}
}

// mailAbout emails one person what happened to an item in review, with
// the link to its editor. Mail is best effort: a failure is logged, and
// the dashboard and the review list say the same.
func (s *Server) mailAbout(ctx context.Context, to, name, subject, title, what string, k content.Kind, id int64) {
	if to == "" || !s.Mail.Enabled() {
		return
	}
	m := mailer.Message{To: to, Subject: subject + title,
		Text: "Hello " + name + ",\n\n“" + title + "” " + what + ":\n\n" + s.Config.BaseURL + itemPath(k, id, "") + "\n"}
	if err := s.Mail.Send(ctx, m); err != nil {
		s.Log.Warn("review email not sent", "to", to, "err", err)
	}
}

// Autosave keeps the body and title the editor's script sends every 30
// seconds for the signed-in user; it answers 204.
func (s *Server) Autosave(c echo.Context) error {
	k, ok := content.ParseKind(c.Param("kind"))
	if !ok {
		return content.ErrNotFound
	}
	id, err := autosaveID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if id != 0 && contributor(c) != 0 {
		saved, err := s.editors[k].load(ctx, id)
		if err != nil {
			return err
		}
		if err := mayEdit(c, saved.entry(), saved.saved().AuthorID); err != nil {
			return err
		}
	}
	errs := form.Errors{}
	title := formText(c, "title", 200, errs, "The title")
	body := formText(c, "body", 200_000, errs, "The body")
	if len(errs) > 0 {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, cmp.Or(errs["title"], errs["body"]))
	}
	if err := s.Store.Autosave(ctx, sessionOf(c).User.ID, k, id, title, body, s.Now()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// autosaveID is the item of an autosave: 0 for a new one.
func autosaveID(c echo.Context) (int64, error) {
	if c.Param("id") == "0" {
		return 0, nil
	}
	return idParam(c)
}

// BodyPreview renders a posted body as the page will show it, for the
// editor's side-by-side preview (the script asks as the text changes).
func (s *Server) BodyPreview(c echo.Context) error {
	errs := form.Errors{}
	body := formText(c, "body", 200_000, errs, "The body")
	f := form.Entry{Body: body, Errors: errs}
	if !errs.Has("body") {
		errs.Add("body", markdown.Check(body))
	}
	out, err := s.previewHTML(c.Request().Context(), &f)
	if err != nil {
		return err
	}
	return c.HTML(http.StatusOK, out)
}
