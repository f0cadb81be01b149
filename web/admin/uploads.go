package admin

import (
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/web/form"
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
		Title: cleanFileName(fh.Filename), Alt: alt, Credit: credit, Pages: saved.Pages, Text: saved.Text}
	if saved.TextErr != nil {
		s.Log.Warn("the text of a PDF could not be read; it is stored without", "file", saved.Name, "err", saved.TextErr)
	}
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

// showLead shows the chosen library image's thumbnail in the form.
func (s *Server) showLead(ctx context.Context, f *form.LeadImage) error {
	if f.MediaID() == 0 {
		return nil
	}
	m, err := s.Store.MediaByID(ctx, f.MediaID())
	if errors.Is(err, content.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	f.LeadSrc = store.MediaURL(m.Name)
	return nil
}

// saveLeadUpload stores a valid form's upload in the media library and
// selects it in the form, so that a save refused afterwards does not need
// the file again. When the upload is refused it answers the status to show
// the form again with: 422 with the reason beside the field, or 503 when
// the server cannot write.
func (s *Server) saveLeadUpload(c echo.Context, errs form.Errors, f *form.LeadImage) (status int, err error) {
	m, err := s.saveUpload(c, f.Upload, f.LeadAlt, f.LeadCredit)
	if err != nil {
		return s.refused(c, errs, "lead_upload", err)
	}
	f.Chose(m.ID, store.MediaURL(m.Name))
	return 0, nil
}

// refused turns a failed upload into the answer: 422 with the reason
// beside field when the file was at fault, 503 when the server cannot
// write, else the error.
func (s *Server) refused(c echo.Context, errs form.Errors, field string, err error) (int, error) {
	if msg, ok := uploadProblem(err); ok {
		errs.Set(field, msg)
		return http.StatusUnprocessableEntity, nil
	}
	if s.unavailable(c, err) {
		return http.StatusServiceUnavailable, nil
	}
	return 0, err
}

// fileField is a file posted in an editor besides its lead image: a
// publication's document, a call's documents.
type fileField struct {
	name  string // the form field, for its message
	file  *multipart.FileHeader
	chose func(m store.Media) // selects the stored file in the form
}

// withFiles is an editor's form that posts files besides its lead image.
type withFiles interface {
	// files are the new files posted.
	files() []fileField
	// kept are the library files the form has chosen, which an earlier
	// preview may have staged.
	kept() []int64
}

// storeFiles stores the form's other files in the media library and
// chooses them in the form, as saveLeadUpload does for the lead image,
// giving their ids. A file that is not a PDF is refused (and, stored
// already, left staged for the cleaner).
func (s *Server) storeFiles(c echo.Context, f editForm) (status int, ids []int64, err error) {
	wf, ok := f.(withFiles)
	if !ok {
		return 0, nil, nil
	}
	errs := f.entry().Errors
	for _, ff := range wf.files() {
		m, err := s.saveUpload(c, ff.file, "", "")
		if err != nil {
			status, err := s.refused(c, errs, ff.name, err)
			return status, ids, err
		}
		ids = append(ids, m.ID)
		if m.MIME != "application/pdf" {
			errs.Set(ff.name, "“"+m.Title+"” is not a PDF: upload documents as PDF files.")
			return http.StatusUnprocessableEntity, ids, nil
		}
		ff.chose(m)
	}
	return 0, ids, nil
}
