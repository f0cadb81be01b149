package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

func (s *Server) adminNewsRoutes(a *echo.Group) {
	a.GET("/news", s.adminList(content.KindNews, "/admin/news"))
	a.GET("/news/new", s.newsNew)
	a.POST("/news/new", s.newsSave)
	a.GET("/news/:id", s.newsEdit)
	a.POST("/news/:id", s.newsSave)
	a.POST("/news/:id/trash", s.trashItem(content.KindNews))
	s.historyRoutes(a, content.KindNews, "/news")
}

func (s *Server) newsNew(c echo.Context) error {
	zone := s.siteZone(c.Request().Context())
	f := admin.NewsForm{EntryForm: admin.EntryForm{Status: string(content.StatusDraft), Errors: admin.Errors{}}}
	return s.renderNewsForm(c, http.StatusOK, f, zone)
}

func (s *Server) newsEdit(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	n, err := s.Store.NewsByID(ctx, id)
	if err != nil {
		return err
	}
	zone := s.siteZone(ctx)
	return s.renderNewsForm(c, http.StatusOK, newsFormOf(n, zone, now), zone)
}

func newsFormOf(n content.News, zone *time.Location, now time.Time) admin.NewsForm {
	f := admin.NewsForm{EntryForm: fillEntryForm(content.KindNews, n.Entry, zone, now), Tags: tagNames(n.Tags),
		LeadImage: leadImageOf(n.LeadImage)}
	if n.ProjectID != 0 {
		f.ProjectID = strconv.FormatInt(n.ProjectID, 10)
	}
	return f
}

func tagNames(tags []content.Tag) string {
	var out string
	for i, t := range tags {
		if i > 0 {
			out += ", "
		}
		out += t.Name
	}
	return out
}

func (s *Server) renderNewsForm(c echo.Context, status int, f admin.NewsForm, zone *time.Location) error {
	ctx := c.Request().Context()
	title := "Write a news item"
	if f.ID != 0 {
		title = "Edit: " + f.Title
	}
	ch, err := s.chrome(c, title)
	if err != nil {
		return err
	}
	f.Chrome = ch
	projects, err := s.Store.ProjectOptions(ctx)
	if err != nil {
		return err
	}
	images, err := s.Store.ImageOptions(ctx)
	if err != nil {
		return err
	}
	f.Projects = options("— none —", projects)
	f.Images = options("— no image —", images)
	if len(f.Errors) > 0 {
		f.Chrome.PageTitle = "Error: " + f.Chrome.PageTitle
	}
	return s.render(c, status, admin.NewsEdit(f))
}

// newsSave creates or updates a news item from the posted form: it shows
// the form again with every problem, previews without saving, or saves and
// answers 303 to the edit page.
func (s *Server) newsSave(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = idParam(c); err != nil {
			return err
		}
		if _, err := s.Store.NewsByID(ctx, id); err != nil {
			return err
		}
	}
	zone := s.siteZone(ctx)
	var n content.News
	f := admin.NewsForm{}
	if err := s.entryForm(c, content.KindNews, id, zone, &n.Entry, &f.EntryForm); err != nil {
		return err
	}
	errs := f.Errors
	f.Tags = formText(c, "tags", 1000, errs, "The tags")
	tags := store.SplitList(f.Tags)
	if len(tags) > 20 {
		errs["tags"] = "Use at most 20 tags."
	}
	for _, t := range tags {
		if len([]rune(t)) > 60 {
			errs["tags"] = "Each tag can have at most 60 characters."
		}
	}
	f.ProjectID = c.FormValue("project_id")
	projects, err := s.Store.ProjectOptions(ctx)
	if err != nil {
		return err
	}
	var ok bool
	if n.ProjectID, ok = optionID(f.ProjectID, projects); !ok {
		errs["project_id"] = "Choose a project from the list."
	}
	mediaID, upload, err := s.leadImageForm(c, errs, &f.LeadImage)
	if err != nil {
		return err
	}
	n.LeadImage.MediaID = mediaID
	if c.FormValue("action") == "preview" {
		f.Preview = markdown.Render(f.Body)
		if f.Preview == "" {
			f.Preview = "<p><em>The body is empty.</em></p>"
		}
		if id != 0 {
			f.PreviewURL = "/admin/preview/news/" + strconv.FormatInt(id, 10)
		}
		return s.renderNewsForm(c, http.StatusOK, f, zone)
	}
	if len(errs) > 0 {
		return s.renderNewsForm(c, http.StatusUnprocessableEntity, f, zone)
	}
	if upload != nil {
		id, status, err := s.saveLeadUpload(c, upload, errs, &f.LeadImage)
		if err != nil {
			return err
		}
		if status != 0 {
			return s.renderNewsForm(c, status, f, zone)
		}
		n.LeadImage.MediaID = id
	}
	n.LeadImage.Alt, n.LeadImage.Credit = f.LeadAlt, f.LeadCredit
	if err := s.Store.SaveNews(ctx, &n, tags, now); err != nil {
		if errors.Is(err, content.ErrConflict) {
			errs["slug"] = "Another item already uses this address. Choose another slug."
			return s.renderNewsForm(c, http.StatusConflict, f, zone)
		}
		if s.unavailable(c, err) {
			return s.renderNewsForm(c, http.StatusServiceUnavailable, f, zone)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/news/"+strconv.FormatInt(n.ID, 10)+"?saved=1")
}

// trashItem moves an item to the trash.
func (s *Server) trashItem(k content.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		if err := s.Store.Trash(c.Request().Context(), k, id, s.Now()); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/trash?done=1")
	}
}
