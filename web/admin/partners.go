package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// Partners lists the partner organisations, searched and paginated.
func (s *Server) Partners(c echo.Context) error {
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	q, err := search(c)
	if err != nil {
		return err
	}
	const per = 50
	rows, total, err := s.Store.AdminPartners(c.Request().Context(), store.PartnerFilter{Query: q, Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	pages, err := listPage(page, total, per)
	if err != nil {
		return err
	}
	ch, err := s.chrome(c, "Partners")
	if err != nil {
		return err
	}
	if c.QueryParam("deleted") != "" {
		ch.Flash = "The partner was deleted."
	}
	p := view.PartnerListPage{Chrome: ch, Query: q, Page: page, Pages: pages, Total: total, BaseURL: "/admin/partners?q=" + url.QueryEscape(q)}
	for _, r := range rows {
		p.Rows = append(p.Rows, view.PartnerRow{ID: r.ID, Name: r.Name, Key: r.Key, URL: r.URL, Logo: r.Logo, LogoW: r.LogoWidth, LogoH: r.LogoHeight,
			EU: r.EU, OnHome: r.OnHome, Position: r.Position, Projects: r.Projects, Updated: r.UpdatedAt})
	}
	return s.render(c, http.StatusOK, view.PartnerList(p))
}

// PartnerNew shows the editor of a new partner.
func (s *Server) PartnerNew(c echo.Context) error {
	pos, err := s.Store.NextPartnerPosition(c.Request().Context())
	if err != nil {
		return err
	}
	f := form.Partner{Logo: form.LogoNone, OnHome: true, Position: strconv.Itoa(pos), Errors: form.Errors{}}
	return s.renderPartnerForm(c, http.StatusOK, f)
}

// PartnerEdit shows the editor of a saved partner.
func (s *Server) PartnerEdit(c echo.Context) error {
	p, err := s.partnerParam(c)
	if err != nil {
		return err
	}
	f := form.Partner{ID: p.ID, Name: p.Name, Key: p.Key, URL: p.URL, EU: p.EU, OnHome: p.OnHome,
		Position: strconv.Itoa(p.Position), Errors: form.Errors{}}
	if f.Logo, err = s.logoChoice(c, p.Logo); err != nil {
		return err
	}
	return s.renderPartnerForm(c, http.StatusOK, f)
}

func (s *Server) partnerParam(c echo.Context) (store.PartnerInfo, error) {
	id, err := idParam(c)
	if err != nil {
		return store.PartnerInfo{}, err
	}
	return s.Store.PartnerByID(c.Request().Context(), id)
}

// logoChoice is the select's value for a saved logo: the library image it
// is, else "keep" (an asset), else "none".
func (s *Server) logoChoice(c echo.Context, logo string) (string, error) {
	if logo == "" {
		return form.LogoNone, nil
	}
	if name, ok := strings.CutPrefix(logo, "/media/"); ok {
		m, err := s.Store.MediaByName(c.Request().Context(), name)
		if err == nil && m.Kind == "image" {
			return strconv.FormatInt(m.ID, 10), nil
		}
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return "", err
		}
	}
	return form.LogoKeep, nil
}

// renderPartnerForm shows the editor; the saved partner (if any) gives the
// current logo and the project count.
func (s *Server) renderPartnerForm(c echo.Context, status int, f form.Partner) error {
	ctx := c.Request().Context()
	p := view.PartnerForm{Partner: f}
	title := "Add a partner"
	if f.ID != 0 {
		saved, err := s.Store.PartnerByID(ctx, f.ID)
		if err != nil {
			return err
		}
		title = "Edit: " + saved.Name
		p.Current, p.CurrentW, p.CurrentH = saved.Logo, saved.LogoWidth, saved.LogoHeight
		p.Projects, p.Updated = saved.Projects, saved.UpdatedAt
	}
	var err error
	if p.Chrome, err = s.chromeFor(c, title, f.Errors); err != nil {
		return err
	}
	images, err := s.Store.ImageOptions(ctx)
	if err != nil {
		return err
	}
	if p.Current != "" {
		p.Logos = append(p.Logos, form.Option{Value: form.LogoKeep, Label: "Keep the current logo (" + p.Current + ")"})
	}
	p.Logos = append(p.Logos, form.Option{Value: form.LogoNone, Label: "— no logo: show the name —"})
	p.Logos = append(p.Logos, options("", images)...)
	return s.render(c, status, view.PartnerEdit(p))
}

// PartnerSave creates or updates a partner from the posted form.
func (s *Server) PartnerSave(c echo.Context) error {
	ctx := c.Request().Context()
	var saved store.PartnerInfo
	if c.Param("id") != "" {
		var err error
		if saved, err = s.partnerParam(c); err != nil {
			return err
		}
	}
	v, err := values(c)
	if err != nil {
		return err
	}
	f := form.ReadPartner(v, files(c))
	f.ID = saved.ID
	env := form.PartnerEnv{Saved: saved.Partner,
		KeyTaken: func(key string) (bool, error) { return s.Store.PartnerKeyTaken(ctx, key, saved.ID) },
		Image:    func(id int64) (content.Image, error) { return s.libraryImage(c, id) }}
	if err := f.Validate(env); err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		return s.renderPartnerForm(c, http.StatusUnprocessableEntity, f)
	}
	return s.savePartner(c, f)
}

// savePartner stores a valid form's logo upload, then the partner.
func (s *Server) savePartner(c echo.Context, f form.Partner) error {
	if f.Upload != nil {
		m, err := s.saveUpload(c, f.Upload, f.Name, "")
		if err != nil {
			msg, ok := uploadProblem(err)
			if !ok {
				return err
			}
			f.Errors.Set("logo_upload", uploadSentence(msg))
			return s.renderPartnerForm(c, http.StatusUnprocessableEntity, f)
		}
		f.UseLogo(content.Image{Src: store.MediaURL(m.Name), Width: m.Width, Height: m.Height})
	}
	var p content.Partner
	key, onHome, pos := f.Apply(&p)
	if err := s.Store.SavePartner(c.Request().Context(), &p, key, onHome, pos, s.Now()); err != nil {
		if errors.Is(err, content.ErrConflict) {
			f.KeyConflict()
			return s.renderPartnerForm(c, http.StatusConflict, f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/partners/"+strconv.FormatInt(p.ID, 10)+"?saved=1")
}

// libraryImage is the library image with id as a logo; an id that is not
// an image of the library gives a zero Image.
func (s *Server) libraryImage(c echo.Context, id int64) (content.Image, error) {
	m, err := s.Store.MediaByID(c.Request().Context(), id)
	if errors.Is(err, content.ErrNotFound) || err == nil && m.Kind != "image" {
		return content.Image{}, nil
	}
	if err != nil {
		return content.Image{}, err
	}
	return content.Image{MediaID: m.ID, Src: store.MediaURL(m.Name), Width: m.Width, Height: m.Height}, nil
}

// PartnerDeleteConfirm asks before deleting a partner, or lists the
// projects that still name it.
func (s *Server) PartnerDeleteConfirm(c echo.Context) error {
	p, err := s.partnerParam(c)
	if err != nil {
		return err
	}
	used, err := s.Store.PartnerUsage(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	return s.renderPartnerDeletion(c, p, used)
}

func (s *Server) renderPartnerDeletion(c echo.Context, p store.PartnerInfo, used []store.Usage) error {
	id := strconv.FormatInt(p.ID, 10)
	return s.renderDeletion(c, p.Name, used, view.DeletionPage{What: "“" + p.Name + "”",
		Heading: "Delete the partner “" + p.Name + "” for good?",
		Detail:  "The partner disappears from the partners list and the home page. A logo from the media library stays there.",
		Action:  "/admin/partners/" + id + "/delete", BackURL: "/admin/partners/" + id, BackText: "Back to the partner"})
}

// PartnerDelete deletes a partner that no project names; without
// confirm=yes it only asks.
func (s *Server) PartnerDelete(c echo.Context) error {
	p, err := s.partnerParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	deleted, err := s.deleteConfirmed(c, func() ([]store.Usage, error) { return s.Store.PartnerUsage(ctx, p.ID) },
		func() error { return s.Store.DeletePartner(ctx, p.ID, s.Now()) },
		func(used []store.Usage) error { return s.renderPartnerDeletion(c, p, used) })
	if !deleted {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/partners?deleted=1")
}
