package web

import (
	"errors"
	"mime/multipart"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/media"
	"orgsite/internal/store"
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
