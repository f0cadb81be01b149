package admin

import (
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
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
	// blank is the form of a new item.
	blank(ctx context.Context) (editForm, error)
	// load is the form of saved item id, with where it stands.
	load(ctx context.Context, id int64) (editForm, error)
	// read is the form as posted over saved (nil for a new item).
	read(v url.Values, files map[string][]*multipart.FileHeader, saved editForm) editForm
	// revision shows a revision's data as lines of text, for a diff.
	revision(data string) []string
	// preview is saved item id as the public would see it published.
	preview(ctx context.Context, id int64, site views.Site) (templ.Component, error)
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
}

// New shows the editor of a new item of kind k.
func (s *Server) New(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := s.editors[k].blank(c.Request().Context())
		if err != nil {
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
		return s.renderEditor(c, http.StatusOK, k, f)
	}
}

// Save creates or updates an item of kind k from the posted editor: it
// shows the form again with every problem, previews without saving, or
// saves and answers 303 to the edit page.
func (s *Server) Save(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, ed := c.Request().Context(), s.editors[k]
		var saved editForm
		if c.Param("id") != "" {
			id, err := idParam(c)
			if err != nil {
				return err
			}
			if saved, err = ed.load(ctx, id); err != nil {
				return err
			}
		}
		v, err := values(c)
		if err != nil {
			return err
		}
		f := ed.read(v, files(c), saved)
		if err := f.validate(ctx, s.env(ctx, k, f.entry().ID)); err != nil {
			return err
		}
		if c.FormValue("action") == "preview" {
			f.posted(previewHTML(f.entry().Body))
			return s.renderEditor(c, http.StatusOK, k, f)
		}
		if len(f.entry().Errors) > 0 {
			f.posted("")
			return s.renderEditor(c, http.StatusUnprocessableEntity, k, f)
		}
		return s.store(c, k, f)
	}
}

// store stores the form's upload, then the item; a refusal shows the form
// again with the input kept.
func (s *Server) store(c echo.Context, k content.Kind, f editForm) error {
	if lead := f.lead(); lead != nil && lead.Upload != nil {
		if status, err := s.saveLeadUpload(c, f.entry().Errors, lead); status != 0 || err != nil {
			if err != nil {
				return err
			}
			return s.renderEditor(c, status, k, f)
		}
	}
	id, err := f.save(c.Request().Context(), s.Now())
	switch {
	case errors.Is(err, content.ErrConflict):
		f.entry().Errors.Set("slug", "Another item already uses this address. Choose another slug.")
		return s.renderEditor(c, http.StatusConflict, k, f)
	case s.unavailable(c, err):
		return s.renderEditor(c, http.StatusServiceUnavailable, k, f)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, k.Info().Admin+"/"+itoa64(id)+"?saved=1")
}

// env is what checking an item's form needs to know.
func (s *Server) env(ctx context.Context, k content.Kind, id int64) form.Env {
	return form.Env{Kind: k, Zone: s.settings(ctx).Zone(), Now: s.Now(),
		SlugTaken: func(slug string) (bool, error) { return s.Store.SlugTaken(ctx, k, slug, id) }}
}

// previewHTML is the body as the page will show it.
func previewHTML(body string) string {
	if html := markdown.Render(body); html != "" {
		return html
	}
	return "<p><em>The body is empty.</em></p>"
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
	comp, err := f.page(c.Request().Context(), ch)
	if err != nil {
		return err
	}
	return s.render(c, status, comp)
}

// savedState is where a saved item stands, for the editor's status line.
func savedState(k content.Kind, e content.Entry, t time.Time) view.Saved {
	st := view.Saved{State: e.State(t), Updated: e.UpdatedAt, PreviewURL: "/admin/preview/" + string(k) + "/" + itoa64(e.ID)}
	if e.Visible(t) {
		st.PublicURL = content.Path(k, e.Slug)
	}
	return st
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
