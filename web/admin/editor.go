package admin

import (
	"cmp"
	"context"
	"errors"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// editor is the editing screen of one kind of content: news.go,
// projects.go and pages.go each give one. The handlers below run the same
// steps for every kind: read, validate, preview or show the errors, store
// the upload, apply and save.
type editor interface {
	// blank is the form of a new item in lang.
	blank(ctx context.Context, lang content.Lang) (editForm, error)
	// load is the form of saved item id, with where it stands.
	load(ctx context.Context, id int64) (editForm, error)
	// read is the form as posted over saved (nil for a new item).
	read(v url.Values, files map[string][]*multipart.FileHeader, saved editForm) editForm
	// revision shows a revision's data as lines of text, for a diff.
	revision(data string, zone *time.Location) []string
	// preview is saved item id as the public would see it published, in
	// the site of its language.
	preview(ctx context.Context, id int64, site func(content.Entry) (views.Site, error)) (templ.Component, error)
}

// editForm is one kind's form in the editor.
type editForm interface {
	entry() *form.Entry
	// lead is the form's lead image, nil for a kind without one.
	lead() *form.LeadImage
	validate(ctx context.Context, env form.Env) error
	// posted prepares what a preview or a form with errors shows beyond
	// the fields, such as warnings.
	posted(preview string)
	// save applies the checked form and stores the item; it gives its id.
	save(ctx context.Context, now time.Time) (int64, error)
	// page is the editor showing the form; it loads the form's choices.
	page(ctx context.Context, ch view.Chrome) (templ.Component, error)
	// saved is where the saved item stands, for the status line.
	saved() *view.Saved
}

// New shows the editor of a new item of kind k.
func (s *Server) New(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		f, err := s.editors[k].blank(ctx, s.settings(ctx).DefaultLang())
		if err != nil {
			return err
		}
		// A new item's text kept by the editor's script, a week at most.
		if err := s.autosaved(ctx, k, 0, s.Now().Add(-7*24*time.Hour), "", f.saved()); err != nil {
			return err
		}
		return s.renderEditor(c, http.StatusOK, k, f)
	}
}

// Edit shows the editor of a saved item of kind k.
func (s *Server) Edit(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		f, err := s.editors[k].load(c.Request().Context(), id)
		if err != nil {
			return err
		}
		if err := mayEdit(c, f.entry(), f.saved().AuthorID); err != nil {
			return err
		}
		return s.renderEditor(c, http.StatusOK, k, f)
	}
}

// Translate shows the editor of a new translation of a saved item of kind
// k into the language in the path, prefilled with the item's text.
func (s *Server) Translate(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		lang, ok := content.ParseLang(c.Param("lang"))
		if !ok || string(lang) != c.Param("lang") || !s.settings(ctx).HasLang(lang) {
			return content.ErrNotFound
		}
		f, err := s.editors[k].load(ctx, id)
		if err != nil {
			return err
		}
		if e := f.entry(); content.Lang(e.Lang) == lang {
			return c.Redirect(http.StatusSeeOther, itemPath(k, id, ""))
		}
		f.entry().Translation(lang)
		*f.saved() = view.Saved{}
		return s.renderEditor(c, http.StatusOK, k, f)
	}
}

// Save creates or updates an item of kind k from the posted editor: it
// shows the form again with every problem, previews without saving, or
// saves and answers 303 to the edit page.
func (s *Server) Save(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		f, saved, err := s.posted(c, k)
		if err != nil {
			return err
		}
		s.libraryText(ctx, f.lead())
		if err := f.validate(ctx, s.env(ctx, k, f.entry().ID)); err != nil {
			return err
		}
		preview := c.FormValue("action") == "preview"
		if saved != nil && !preview {
			conflict(f.entry(), saved.entry().BaseRev, saved.saved().Updated.In(s.settings(ctx).Zone()))
		}
		if preview || len(f.entry().Errors) > 0 {
			// A chosen file is kept: stored in the library now and chosen
			// in the form shown again, with its alt text and credit, so a
			// preview or a refused save never asks for it again.
			if status, err := s.keepUpload(c, f); err != nil || status != 0 {
				if err != nil {
					return err
				}
				f.posted("")
				return s.renderEditor(c, status, k, f)
			}
		}
		if preview {
			out, err := s.previewHTML(ctx, f.entry())
			if err != nil {
				return err
			}
			f.posted(out)
			return s.renderEditor(c, http.StatusOK, k, f)
		}
		if errs := f.entry().Errors; len(errs) > 0 {
			f.posted("")
			return s.renderEditor(c, refusedStatus(errs), k, f)
		}
		return s.store(c, k, f)
	}
}

// posted is the form as posted over the saved item (nil for a new one),
// once the user may post it: a contributor only their own drafts, and
// never a button or status that publishes.
func (s *Server) posted(c echo.Context, k content.Kind) (f, saved editForm, err error) {
	ed := s.editors[k]
	if c.Param("id") != "" {
		id, err := idParam(c)
		if err != nil {
			return nil, nil, err
		}
		if saved, err = ed.load(c.Request().Context(), id); err != nil {
			return nil, nil, err
		}
		if err := mayEdit(c, saved.entry(), saved.saved().AuthorID); err != nil {
			return nil, nil, err
		}
	}
	v, err := values(c)
	if err != nil {
		return nil, nil, err
	}
	f = ed.read(v, files(c), saved)
	return f, saved, mayPost(c, f.entry())
}

// refusedStatus is the status of a form shown again with errs: 409 for a
// save over someone else's, 422 for the rest.
func refusedStatus(errs form.Errors) int {
	if errs.Has("base_rev") {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// conflict refuses a save over one made since the form was loaded
// (someone else's, or the same person's in another tab), the item's last
// save being current at updated: the form is shown again with everything
// typed and chosen, and the next save, made knowingly, replaces the other
// one, which stays in the history.
func conflict(f *form.Entry, current string, updated time.Time) {
	if f.BaseRev == "" || f.BaseRev == current {
		return // a form without the field saves as in the first stage
	}
	f.Errors.Set("base_rev", "This item was saved by someone else since you opened it (last saved "+
		updated.Format("2 January 2006, 15:04 MST")+"). Your version is kept below: compare with the other one in History, then save again to replace it.")
	f.BaseRev = current
}

// storeUploads stores the form's new files, the lead image and any other,
// and chooses them in the form (see saveLeadUpload, storeFiles). It gives
// the ids of the files it stored, and a status when one is refused.
func (s *Server) storeUploads(c echo.Context, f editForm) (int, []int64, error) {
	var ids []int64
	if lead := f.lead(); lead != nil && lead.Upload != nil {
		status, err := s.saveLeadUpload(c, f.entry().Errors, lead)
		if err != nil || status != 0 {
			return status, nil, err
		}
		ids = append(ids, lead.MediaID())
	}
	status, more, err := s.storeFiles(c, f)
	return status, append(ids, more...), err
}

// keepUpload stores the form's new files for a form shown again (see
// storeUploads); they are staged: removed after a day unless an item is
// saved with them.
func (s *Server) keepUpload(c echo.Context, f editForm) (int, error) {
	status, ids, err := s.storeUploads(c, f)
	if serr := s.stage(c, ids); err == nil {
		err = serr
	}
	return status, err
}

// store stores the form's upload, then the item; a refusal shows the form
// again with the input kept.
func (s *Server) store(c echo.Context, k content.Kind, f editForm) error {
	status, uploaded, err := s.storeUploads(c, f) // the files this request stored
	if err != nil || status != 0 {
		s.stageOrLog(c, uploaded) // kept for the form shown again, or cleaned
		if err != nil {
			return err
		}
		return s.renderEditor(c, status, k, f)
	}
	ctx := c.Request().Context()
	if f.entry().Action == "submit" && contributor(c) != 0 {
		ctx = store.ForReview(ctx)
	}
	review, approving := s.approved(ctx, k, f)
	id, err := f.save(ctx, s.Now())
	if err != nil {
		s.stageOrLog(c, uploaded)
	} else {
		s.keep(c, f, uploaded)
	}
	switch {
	case errors.Is(err, content.ErrConflict):
		f.entry().Errors.Set("slug", "Another item already uses this address. Choose another slug.")
		return s.renderEditor(c, http.StatusConflict, k, f)
	case s.unavailable(c, err):
		return s.renderEditor(c, http.StatusServiceUnavailable, k, f)
	case err != nil:
		return err
	}
	if approving {
		s.mailAbout(ctx, review.AuthorEmail, review.Author, "Published: ", f.entry().Title,
			"was approved and published (or scheduled) by an editor", k, id)
	}
	if f.entry().Action == "submit" && contributor(c) != 0 {
		s.tellReviewers(ctx, k, id, f.entry().Title, sessionOf(c).User.Name)
	}
	// A plain save answers as in the first stage; a button says which.
	action := f.entry().Action
	if !savedActions[action] {
		action = "1"
	}
	return c.Redirect(http.StatusSeeOther, k.Info().Admin+"/"+itoa64(id)+"?saved="+action)
}

// keep marks the files a saved item uses as kept: the staged uploads and
// its lead image, which may have been staged by an earlier preview. At
// worst the cleaner finds a file in use.
func (s *Server) keep(c echo.Context, f editForm, uploaded []int64) {
	if lead := f.lead(); lead != nil && lead.MediaID() != 0 {
		uploaded = append(uploaded, lead.MediaID())
	}
	if wf, ok := f.(withFiles); ok {
		uploaded = append(uploaded, wf.kept()...)
	}
	for _, m := range uploaded {
		if err := s.Store.KeepMedia(c.Request().Context(), m); err != nil {
			s.Log.Warn("keep a staged file", "media", m, "err", err)
		}
	}
}

// stage marks files stored for a form that was not saved: the cleaner
// removes them after a day unless an item is saved with them.
func (s *Server) stage(c echo.Context, ids []int64) error {
	for _, id := range ids {
		if err := s.Store.StageMedia(c.Request().Context(), id, s.Now()); err != nil {
			return err
		}
	}
	return nil
}

// stageOrLog stages files where the answer is already decided: a failure
// is logged (at worst the files stay, unused, until removed by hand).
func (s *Server) stageOrLog(c echo.Context, ids []int64) {
	if err := s.stage(c, ids); err != nil {
		s.Log.Warn("stage files", "media", ids, "err", err)
	}
}

// savedActions are the buttons whose outcome the edit page reports.
var savedActions = map[string]bool{"publish": true, "schedule": true, "draft": true, "unpublish": true, "submit": true}

// savedMessage says what a save did and where the item stands: published
// at its address, scheduled for when, or not public.
func savedMessage(ch view.Chrome, action string, st view.Saved, publishedAt string) string {
	switch st.State {
	case content.StatePublished:
		if action == "publish" {
			return "Published: " + st.PublicURL
		}
		return "Saved. Live at " + st.PublicURL
	case content.StateScheduled:
		// Written out, as SPEC's "Scheduled for 3 December 2026, 10:00 CET".
		at := publishedAt
		if t, ok := form.ParseTime(publishedAt, ch.Zone); ok && ch.Zone != nil {
			at = t.In(ch.Zone).Format("2 January 2006, 15:04 MST")
		}
		if action == "schedule" {
			return "Scheduled for " + at + "."
		}
		return "Saved. Scheduled for " + at + "."
	case content.StateExpired:
		return "Saved. It has expired: its address answers 404."
	}
	if action == "unpublish" {
		return "Unpublished: the address now answers 404."
	}
	if action == "draft" {
		return "Saved as a draft: not public."
	}
	if action == "submit" {
		return "Submitted for review: an editor will publish it or send it back with a note."
	}
	return "Saved. A draft: not public."
}

// libraryText gives a lead image picked from the library the alternative
// text and credit the library holds for it, where the form left them
// empty: they were written once, when the file was uploaded.
func (s *Server) libraryText(ctx context.Context, lead *form.LeadImage) {
	if lead == nil || lead.Upload != nil || (lead.LeadAlt != "" && lead.LeadCredit != "") {
		return
	}
	id, err := strconv.ParseInt(lead.LeadMediaID, 10, 64)
	if err != nil || id <= 0 {
		return
	}
	m, err := s.Store.MediaByID(ctx, id)
	if err != nil {
		return // the form's check says what is wrong with the choice
	}
	lead.LeadAlt = cmp.Or(lead.LeadAlt, m.Alt)
	lead.LeadCredit = cmp.Or(lead.LeadCredit, m.Credit)
}

// env is what checking an item's form needs to know.
func (s *Server) env(ctx context.Context, k content.Kind, id int64) form.Env {
	set := s.settings(ctx)
	return form.Env{Kind: k, Zone: set.Zone(), Now: s.Now(), Langs: set.Langs(),
		SlugTaken: func(lang content.Lang, slug string) (bool, error) { return s.Store.SlugTaken(ctx, k, lang, slug, id) },
		Group:     func(of int64) (int64, error) { return s.Store.Group(ctx, k, of) },
		LangTaken: func(group int64, lang content.Lang) (bool, error) {
			return s.Store.TranslationTaken(ctx, k, group, lang, id)
		},
		IsImage: func(id int64) (bool, error) {
			m, err := s.Store.MediaByID(ctx, id)
			if errors.Is(err, content.ErrNotFound) {
				return false, nil
			}
			return err == nil && m.Kind == "image", err
		}}
}

// previewHTML is the body as the page will show it, its library images
// and documents too; a body with a problem (too long, too complex) is not
// rendered at all.
func (s *Server) previewHTML(ctx context.Context, e *form.Entry) (string, error) {
	if e.Errors.Has("body") {
		return "<p><em>The body cannot be previewed: " + html.EscapeString(e.Errors["body"]) + "</em></p>", nil
	}
	out, err := s.Store.RenderBody(ctx, e.Body)
	if out == "" && err == nil {
		out = "<p><em>The body is empty.</em></p>"
	}
	return out, err
}

func (s *Server) renderEditor(c echo.Context, status int, k content.Kind, f editForm) error {
	title := k.Info().NewLabel
	if e := f.entry(); e.ID != 0 {
		title = "Edit: " + e.Title
	}
	ch, err := s.chromeFor(c, title, f.entry().Errors)
	if err != nil {
		return err
	}
	if action := c.QueryParam("saved"); action != "" && f.entry().ID != 0 {
		ch.Flash = savedMessage(ch, action, *f.saved(), f.entry().PublishedAt)
	} else if msg, ok := flashes[c.QueryParam("msg")]; ok {
		ch.Flash = msg
	}
	images, err := s.Store.ImageOptions(c.Request().Context())
	if err != nil {
		return err
	}
	f.entry().ShareImages = options("— the lead image, else the site's —", images)
	comp, err := f.page(c.Request().Context(), ch)
	if err != nil {
		return err
	}
	return s.render(c, status, comp)
}

// savedState is where a saved item stands, for the editor's status line:
// its state, its public address and its versions in the other languages.
func (s *Server) savedState(ctx context.Context, k content.Kind, e content.Entry) (view.Saved, error) {
	t, set := s.Now(), s.settings(ctx)
	st := view.Saved{State: e.State(t), Updated: e.UpdatedAt, PreviewURL: "/admin/preview/" + string(k) + "/" + itoa64(e.ID), AuthorID: e.AuthorID}
	if e.Visible(t) {
		st.PublicURL = content.LangPath(e.Lang, set.DefaultLang(), content.Path(k, e.Slug))
	}
	var err error
	if st.Translations, err = s.translationLinks(ctx, k, e, set); err != nil {
		return st, err
	}
	return st, s.reviewState(ctx, k, e, &st)
}

// reviewState adds to where an item stands its preview links, its review
// and a newer copy of its body the signed-in user's editor kept.
func (s *Server) reviewState(ctx context.Context, k content.Kind, e content.Entry, st *view.Saved) error {
	links, err := s.Store.PreviewLinks(ctx, k, e.ID, s.Now())
	if err != nil {
		return err
	}
	for _, l := range links {
		st.Shares = append(st.Shares, view.ShareLink{ID: l.ID, Created: l.CreatedAt, Expires: l.ExpiresAt, By: l.By})
	}
	if r, err := s.Store.ReviewOf(ctx, k, e.ID); err == nil {
		st.Review = &view.Review{Waiting: r.Waiting, Author: r.Author, Submitted: r.Submitted, Note: r.Note, Reviewer: r.Reviewer}
	} else if !errors.Is(err, content.ErrNotFound) {
		return err
	}
	return s.autosaved(ctx, k, e.ID, e.UpdatedAt, e.BodyMD, st)
}

// autosaved offers the copy of a body the user's editor kept, when it is
// newer than the item's last save and differs from it.
func (s *Server) autosaved(ctx context.Context, k content.Kind, id int64, since time.Time, body string, st *view.Saved) error {
	title, kept, at, err := s.Store.Autosaved(ctx, content.Actor(ctx), k, id, since, body)
	switch {
	case errors.Is(err, content.ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	st.Autosaved = &view.Autosaved{Title: title, Body: kept, Saved: at}
	return nil
}

// translationLinks are an item's versions in the site's other languages:
// each one's editor, marked when it is older than the default language's
// version, or the link that starts it.
func (s *Server) translationLinks(ctx context.Context, k content.Kind, e content.Entry, set content.Settings) ([]view.TranslationLink, error) {
	if len(set.Langs()) < 2 {
		return nil, nil
	}
	ts, err := s.Store.Translations(ctx, k, e.Group, s.Now())
	if err != nil {
		return nil, err
	}
	byLang := map[content.Lang]content.Translation{}
	for _, t := range ts {
		byLang[t.Lang] = t
	}
	original, hasOriginal := byLang[set.DefaultLang()]
	var out []view.TranslationLink
	for _, l := range set.Langs() {
		if l == e.Lang {
			continue
		}
		t, ok := byLang[l]
		link := view.TranslationLink{Lang: l, Exists: ok, URL: itemPath(k, e.ID, "/translate/"+string(l))}
		if ok {
			link.URL = itemPath(k, t.ID, "")
			link.Outdated = hasOriginal && l != set.DefaultLang() && t.UpdatedAt.Before(original.UpdatedAt)
		}
		out = append(out, link)
	}
	return out, nil
}

// options are store options as choices of a select box.
func options(none string, opts []store.Option) []form.Option {
	var out []form.Option
	if none != "" {
		out = append(out, form.Option{Value: "", Label: none})
	}
	for _, o := range opts {
		out = append(out, form.Option{Value: itoa64(o.ID), Label: o.Label})
	}
	return out
}

// loaded is saved item id of kind k, fetched by get, with where it stands
// and the site's zone: what every editor's load starts from.
func loaded[T content.Item](ctx context.Context, s *Server, k content.Kind, id int64, get func(context.Context, int64) (T, error)) (T, view.Saved, *time.Location, error) {
	item, err := get(ctx, id)
	if err != nil {
		return item, view.Saved{}, nil, err
	}
	saved, err := s.savedState(ctx, k, item.Common())
	return item, saved, s.settings(ctx).Zone(), err
}

// previewed is saved item id of kind k, fetched by get, drawn by page as
// the public would see it published, in the site of its language: what
// every editor's preview does.
func previewed[T content.Item](ctx context.Context, k content.Kind, id int64, get func(context.Context, int64) (T, error),
	siteIn func(content.Entry) (views.Site, error), page func(views.Site, views.Meta, T) templ.Component) (templ.Component, error) {
	item, err := get(ctx, id)
	if err != nil {
		return nil, err
	}
	site, err := siteIn(item.Common())
	if err != nil {
		return nil, err
	}
	return page(site, previewMeta(k, item.Common()), item), nil
}
