package web

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

// adminPartnerRoutes registers the partners screens of the admin area.
func (s *Server) adminPartnerRoutes(a *echo.Group) {
	a.GET("/partners", s.partnerList)
	a.GET("/partners/new", s.partnerNew)
	a.POST("/partners/new", s.partnerSave)
	a.GET("/partners/:id", s.partnerEdit)
	a.POST("/partners/:id", s.partnerSave)
	a.GET("/partners/:id/delete", s.partnerDeleteConfirm)
	a.POST("/partners/:id/delete", s.partnerDelete)
}

// Choices of the logo select besides a library image's id.
const (
	logoKeep = "keep" // the saved logo, which may be an asset such as logos/eu.svg
	logoNone = "none" // no logo: the name is shown instead
)

func (s *Server) partnerList(c echo.Context) error {
	ctx := c.Request().Context()
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(c.QueryParam("q"))
	if len(q) > 200 {
		return badRequest("The search text is too long.")
	}
	const per = 50
	rows, total, err := s.Store.AdminPartners(ctx, store.PartnerFilter{Query: q, Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	pages := max(1, (total+per-1)/per)
	if page > pages {
		return content.ErrNotFound
	}
	ch, err := s.chrome(c, "Partners")
	if err != nil {
		return err
	}
	if c.QueryParam("deleted") != "" {
		ch.Flash = "The partner was deleted."
	}
	p := admin.PartnerListPage{Chrome: ch, Query: q, Page: page, Pages: pages, Total: total, BaseURL: "/admin/partners?q=" + urlEscape(q)}
	for _, r := range rows {
		p.Rows = append(p.Rows, admin.PartnerRow{ID: r.ID, Name: r.Name, Key: r.Key, URL: r.URL, Logo: r.Logo, LogoW: r.LogoWidth, LogoH: r.LogoHeight,
			EU: r.EU, OnHome: r.OnHome, Position: r.Position, Projects: r.Projects, Updated: r.UpdatedAt})
	}
	return s.render(c, http.StatusOK, admin.PartnerList(p))
}

func (s *Server) partnerNew(c echo.Context) error {
	pos, err := s.Store.NextPartnerPosition(c.Request().Context())
	if err != nil {
		return err
	}
	f := admin.PartnerForm{Logo: logoNone, OnHome: true, Position: strconv.Itoa(pos), Errors: admin.Errors{}}
	return s.renderPartnerForm(c, http.StatusOK, f)
}

func (s *Server) partnerEdit(c echo.Context) error {
	p, err := s.partnerParam(c)
	if err != nil {
		return err
	}
	f := admin.PartnerForm{ID: p.ID, Name: p.Name, Key: p.Key, URL: p.URL, EU: p.EU, OnHome: p.OnHome,
		Position: strconv.Itoa(p.Position), Errors: admin.Errors{}}
	f.Logo, err = s.logoChoice(c, p.Logo)
	if err != nil {
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
		return logoNone, nil
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
	return logoKeep, nil
}

// renderPartnerForm shows the editor; the saved partner (if any) gives the
// current logo and the project count.
func (s *Server) renderPartnerForm(c echo.Context, status int, f admin.PartnerForm) error {
	ctx := c.Request().Context()
	title := "Add a partner"
	if f.ID != 0 {
		saved, err := s.Store.PartnerByID(ctx, f.ID)
		if err != nil {
			return err
		}
		title = "Edit: " + saved.Name
		f.Current, f.CurrentW, f.CurrentH = saved.Logo, saved.LogoWidth, saved.LogoHeight
		f.Projects, f.Updated = saved.Projects, saved.UpdatedAt
	}
	if len(f.Errors) > 0 {
		title = "Error: " + title
	}
	ch, err := s.chrome(c, title)
	if err != nil {
		return err
	}
	f.Chrome = ch
	images, err := s.Store.ImageOptions(ctx)
	if err != nil {
		return err
	}
	if f.Current != "" {
		f.Logos = append(f.Logos, admin.Option{Value: logoKeep, Label: "Keep the current logo (" + f.Current + ")"})
	}
	f.Logos = append(f.Logos, admin.Option{Value: logoNone, Label: "— no logo: show the name —"})
	for _, o := range images {
		f.Logos = append(f.Logos, admin.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Label})
	}
	return s.render(c, status, admin.PartnerEdit(f))
}

// partnerSave creates or updates a partner from the posted form.
func (s *Server) partnerSave(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	var saved store.PartnerInfo
	if c.Param("id") != "" {
		var err error
		if saved, err = s.partnerParam(c); err != nil {
			return err
		}
	}
	errs := admin.Errors{}
	f := admin.PartnerForm{ID: saved.ID, Errors: errs}
	f.Name = formText(c, "name", 200, errs, "The name")
	f.Key = formText(c, "key", content.MaxSlugLen*4, errs, "The key")
	f.URL = formText(c, "url", 500, errs, "The website address")
	f.Logo = c.FormValue("logo")
	f.EU = c.FormValue("is_eu") != ""
	f.OnHome = c.FormValue("on_home") != ""
	f.Position = strings.TrimSpace(c.FormValue("position"))

	if f.Name == "" && errs["name"] == "" {
		errs["name"] = "Give the organisation's name."
	}
	key := content.Slugify(f.Key)
	if f.Key == "" {
		key = content.Slugify(f.Name)
	}
	switch {
	case errs["key"] != "":
	case key == "" && f.Key != "":
		errs["key"] = "Use letters or digits in the key."
	case key == "" && f.Name != "":
		errs["key"] = "Give a key: the name has no letters or digits to make one from."
	case key != "":
		taken, err := s.Store.PartnerKeyTaken(ctx, key, saved.ID)
		if err != nil {
			return err
		}
		if taken {
			errs["key"] = "Another partner already uses the key “" + key + "”. Choose another key."
		}
	}
	if errs["key"] == "" && f.Key != "" {
		f.Key = key // show the form of the key that will be used
	}
	if errs["url"] == "" && f.URL != "" {
		if msg := checkWebsite(f.URL); msg != "" {
			errs["url"] = msg
		} else if i := strings.IndexByte(f.URL, ':'); i > 0 {
			f.URL = strings.ToLower(f.URL[:i]) + f.URL[i:] // "HTTPS://…" is stored as "https://…"
		}
	}
	pos := 0
	if f.Position != "" {
		n, err := strconv.Atoi(f.Position)
		if err != nil || n < -9999 || n > 9999 {
			errs["position"] = "Enter the position as a whole number, such as 3."
		}
		pos = n
	}

	p := content.Partner{ID: saved.ID, Name: f.Name, URL: f.URL, EU: f.EU}
	if f.Logo == "" && saved.Logo != "" {
		f.Logo = logoKeep // a form without the field changes nothing
	}
	switch f.Logo {
	case logoKeep:
		if saved.Logo == "" {
			errs["logo"] = "Choose a logo from the list."
		}
		p.Logo, p.LogoWidth, p.LogoHeight = saved.Logo, saved.LogoWidth, saved.LogoHeight
	case logoNone, "":
		f.Logo = logoNone
	default:
		m, err := s.libraryImage(c, f.Logo)
		if err != nil {
			return err
		}
		if m.ID == 0 {
			errs["logo"] = "Choose a logo from the list."
		}
		p.Logo, p.LogoWidth, p.LogoHeight = store.MediaURL(m.Name), m.Width, m.Height
	}
	upload, _ := c.FormFile("logo_upload")
	if upload != nil && upload.Filename == "" && upload.Size == 0 {
		upload = nil
	}
	if upload != nil {
		if isPDF(upload) {
			errs["logo_upload"] = "A logo must be an image: JPEG, PNG, WebP or GIF."
		}
	}
	if len(errs) > 0 {
		return s.renderPartnerForm(c, http.StatusUnprocessableEntity, f)
	}
	if upload != nil {
		m, err := s.saveUpload(c, upload, f.Name, "")
		if err != nil {
			msg, ok := uploadProblem(err)
			if !ok {
				return err
			}
			errs["logo_upload"] = uploadSentence(msg)
			return s.renderPartnerForm(c, http.StatusUnprocessableEntity, f)
		}
		p.Logo, p.LogoWidth, p.LogoHeight = store.MediaURL(m.Name), m.Width, m.Height
	}
	if err := s.Store.SavePartner(ctx, &p, key, f.OnHome, pos, now); err != nil {
		if errors.Is(err, content.ErrConflict) {
			errs["key"] = "Another partner already uses the key “" + key + "”. Choose another key."
			return s.renderPartnerForm(c, http.StatusConflict, f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/partners/"+strconv.FormatInt(p.ID, 10)+"?saved=1")
}

// libraryImage finds the library image chosen by its id; an id that is not
// an image of the library gives a zero Media.
func (s *Server) libraryImage(c echo.Context, v string) (store.Media, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return store.Media{}, nil
	}
	m, err := s.Store.MediaByID(c.Request().Context(), id)
	if errors.Is(err, content.ErrNotFound) || err == nil && m.Kind != "image" {
		return store.Media{}, nil
	}
	return m, err
}

// checkWebsite says what is wrong with a partner's website address, or "".
// Only http and https are accepted: a javascript: or data: address on a
// logo link would run in visitors' browsers.
func checkWebsite(v string) string {
	const msg = "Enter the website as an address starting with https:// or http://, such as https://www.example.org/."
	u, err := url.Parse(v)
	if err == nil && u.Scheme != "" && !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		return "Only web addresses (https:// or http://) can be linked, not “" + u.Scheme + ":” addresses."
	}
	if err != nil || u.Scheme == "" || u.Host == "" || u.User != nil || strings.ContainsAny(v, " \t\n\r\x00\\<>\"") {
		return msg
	}
	return ""
}

// isPDF reports whether an upload is a PDF, the one type the media library
// accepts that cannot be a logo. Checking it first saves storing a file
// only to refuse it.
func isPDF(fh *multipart.FileHeader) bool {
	f, err := fh.Open()
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 5)
	n, _ := f.Read(head)
	return bytes.Equal(head[:n], []byte("%PDF-"))
}

// partnerDeleteConfirm asks before deleting a partner, or lists the
// projects that still name it.
func (s *Server) partnerDeleteConfirm(c echo.Context) error {
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
	status, title := http.StatusOK, "Delete "+p.Name
	if len(used) > 0 {
		status, title = http.StatusConflict, p.Name+" is in use"
	}
	ch, err := s.chrome(c, title)
	if err != nil {
		return err
	}
	id := strconv.FormatInt(p.ID, 10)
	return s.render(c, status, admin.Deletion(admin.DeletionPage{Chrome: ch, What: "“" + p.Name + "”",
		Heading: "Delete the partner “" + p.Name + "” for good?",
		Detail:  "The partner disappears from the partners list and the home page. A logo from the media library stays there.",
		Action:  "/admin/partners/" + id + "/delete", BackURL: "/admin/partners/" + id, BackText: "Back to the partner",
		Usage: usageRows(used)}))
}

// partnerDelete deletes a partner that no project names; without
// confirm=yes it only asks.
func (s *Server) partnerDelete(c echo.Context) error {
	p, err := s.partnerParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if c.FormValue("confirm") != "yes" {
		used, err := s.Store.PartnerUsage(ctx, p.ID)
		if err != nil {
			return err
		}
		return s.renderPartnerDeletion(c, p, used)
	}
	err = s.Store.DeletePartner(ctx, p.ID, s.Now())
	var inUse *store.InUseError
	if errors.As(err, &inUse) {
		return s.renderPartnerDeletion(c, p, inUse.Usage)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/partners?deleted=1")
}
