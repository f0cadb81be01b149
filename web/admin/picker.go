package admin

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/media"
	view "orgsite/views/admin"
)

// PickerPerPage keeps the picker's grid within a dialog.
const PickerPerPage = 12

// MediaPicker is the library as the body editor's picker shows it:
// thumbnails, search, pages and an upload form, each file with the
// Markdown that shows or links it. assets/js/picker.js opens it in a
// dialog and inserts the Markdown; without script it is a page to copy
// from.
func (s *Server) MediaPicker(c echo.Context) error {
	picked, _ := strconv.ParseInt(c.QueryParam("picked"), 10, 64)
	return s.renderPicker(c, http.StatusOK, view.MediaUpload{Errors: view.Errors{}}, picked)
}

func (s *Server) renderPicker(c echo.Context, status int, u view.MediaUpload, picked int64) error {
	ctx := c.Request().Context()
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	filter, base, err := libraryFilter(c, "/admin/media/picker", "type", page, PickerPerPage)
	if err != nil {
		return err
	}
	items, total, err := s.Store.MediaList(ctx, filter)
	if err != nil {
		return err
	}
	pages := max(1, (total+PickerPerPage-1)/PickerPerPage)
	if page > pages {
		return content.ErrNotFound
	}
	p := view.MediaPickerPage{Type: filter.Kind, Query: filter.Query, Page: page, Pages: pages, Total: total, BaseURL: base, Upload: u}
	if p.Chrome, err = s.chromeFor(c, p.Heading(), u.Errors); err != nil {
		return err
	}
	if picked != 0 {
		if m, err := s.Store.MediaByID(ctx, picked); err == nil {
			it := mediaItem(m, 0)
			p.Picked = &view.PickerItem{MediaItem: it, Markdown: markdownSnippet(it)}
		}
	}
	for _, m := range items {
		it := mediaItem(m, 0)
		p.Items = append(p.Items, view.PickerItem{MediaItem: it, Markdown: markdownSnippet(it)})
	}
	p.Upload.Limit = media.FormatSize(s.Media.MaxBytes)
	return s.render(c, status, view.MediaPicker(p))
}

// MediaPickerUpload stores one file from the picker's upload form, with
// its alt text (needed for an image) and credit, and answers 303 to the
// picker with the file picked, for the script to insert.
func (s *Server) MediaPickerUpload(c echo.Context) error {
	u := uploadTexts(c)
	files, err := s.uploadedFiles(c)
	if err != nil {
		return err
	}
	switch {
	case len(files) != 1:
		u.Errors["file"] = "Choose one file to upload."
	case u.Alt == "" && uploadKind(files[0]) != media.KindDocument:
		u.Errors["alt"] = "Give the image an alternative text: what it shows, for people who cannot see it."
	}
	if len(u.Errors) == 0 {
		m, err := s.saveUpload(c, files[0], u.Alt, u.Credit)
		if err == nil {
			q := url.Values{"type": {c.FormValue("type")}, "picked": {strconv.FormatInt(m.ID, 10)}}
			return c.Redirect(http.StatusSeeOther, "/admin/media/picker?"+q.Encode())
		}
		msg, ok := uploadProblem(err)
		if !ok {
			return err
		}
		u.Errors["file"] = uploadSentence(msg)
	}
	c.Request().URL.RawQuery = url.Values{"type": {c.FormValue("type")}}.Encode()
	return s.renderPicker(c, http.StatusUnprocessableEntity, u, 0)
}

// uploadKind is what an uploaded file's first bytes say it is.
func uploadKind(fh *multipart.FileHeader) media.Kind {
	f, err := fh.Open()
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	return media.KindOf(head[:n])
}
