package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

// saveUpload stores an uploaded file in the media library: the media
// package decides its type from its content and refuses what is not an
// image or PDF, then the store records it. The error it returns, when the
// upload itself is at fault, is a sentence for the uploader (see
// uploadProblem).
func (s *Server) saveUpload(c echo.Context, fh *multipart.FileHeader, alt, credit string) (store.Media, error) {
	f, err := fh.Open()
	if err != nil {
		return store.Media{}, err
	}
	defer f.Close()
	saved, err := s.Media.Save(f)
	if err != nil {
		return store.Media{}, err
	}
	m := store.Media{Name: saved.Name, Kind: string(saved.Kind), MIME: saved.MIME, Size: saved.Size, Width: saved.Width, Height: saved.Height,
		Title: cleanFileName(fh.Filename), Alt: alt, Credit: credit}
	for _, v := range saved.Variants {
		m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	if err := s.Store.AddMedia(c.Request().Context(), &m, s.Now()); err != nil {
		s.Media.Remove(saved) // no file without its record
		return store.Media{}, err
	}
	return m, nil
}

// uploadProblem turns a refused upload into the message for the form; ok
// is false when the error is the server's, not the file's.
func uploadProblem(err error) (msg string, ok bool) {
	for _, e := range []error{media.ErrTooLarge, media.ErrType, media.ErrDimensions, media.ErrCorrupt} {
		if errors.Is(err, e) {
			return err.Error(), true
		}
	}
	return "", false
}

// cleanFileName keeps the uploader's file name only as a label.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		name = name[:200]
	}
	return name
}

// leadImageOf shows a saved lead image in its form.
func leadImageOf(img content.Image) admin.LeadImage {
	f := admin.LeadImage{LeadAlt: img.Alt, LeadCredit: img.Credit, LeadSrc: img.Src}
	if img.MediaID != 0 {
		f.LeadMediaID = itoa64(img.MediaID)
	}
	return f
}

// leadImageForm reads the lead image fields of the news and project
// editors: an image chosen from the library or a new upload, with its alt
// text (required with an image) and credit. It returns the chosen library
// image and the upload, which is stored only once the whole form is valid
// (see saveLeadUpload).
func (s *Server) leadImageForm(c echo.Context, errs admin.Errors, f *admin.LeadImage) (int64, *multipart.FileHeader, error) {
	ctx := c.Request().Context()
	f.LeadMediaID = c.FormValue("lead_media_id")
	images, err := s.Store.ImageOptions(ctx)
	if err != nil {
		return 0, nil, err
	}
	id, ok := optionID(f.LeadMediaID, images)
	if !ok {
		errs["lead_media_id"] = "Choose an image from the list."
	}
	f.LeadAlt = formText(c, "lead_alt", 300, errs, "The alternative text")
	f.LeadCredit = formText(c, "lead_credit", 200, errs, "The photo credit")
	upload, _ := c.FormFile("lead_upload")
	if upload != nil && upload.Size == 0 && upload.Filename == "" {
		upload = nil
	}
	if (id != 0 || upload != nil) && f.LeadAlt == "" && errs["lead_alt"] == "" {
		errs["lead_alt"] = "Describe the image for people who cannot see it."
	}
	if id != 0 {
		if m, err := s.Store.MediaByID(ctx, id); err == nil {
			f.LeadSrc = store.MediaURL(m.Name)
		}
	}
	return id, upload, nil
}

// saveLeadUpload stores a valid form's upload in the media library and
// selects it in the form, so that a save refused afterwards does not need
// the file again. When the upload is refused it answers the status to show
// the form again with: 422 with the reason beside the field, or 503 when
// the server cannot write.
func (s *Server) saveLeadUpload(c echo.Context, upload *multipart.FileHeader, errs admin.Errors, f *admin.LeadImage) (id int64, status int, err error) {
	m, err := s.saveUpload(c, upload, f.LeadAlt, f.LeadCredit)
	if err != nil {
		if msg, ok := uploadProblem(err); ok {
			errs["lead_upload"] = msg
			return 0, http.StatusUnprocessableEntity, nil
		}
		if s.unavailable(c, err) {
			return 0, http.StatusServiceUnavailable, nil
		}
		return 0, 0, err
	}
	f.LeadMediaID, f.LeadSrc = itoa64(m.ID), store.MediaURL(m.Name)
	return m.ID, 0, nil
}
