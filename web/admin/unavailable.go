package admin

import (
	"errors"
	"syscall"

	"github.com/labstack/echo/v4"

	"orgsite/internal/store"
	view "orgsite/views/admin"
)

// UnavailableMessage is what an editor reads when a save cannot be written
// because of the server, not because of what they typed.
const UnavailableMessage = "The site cannot save changes right now: the database is read-only or the disk is full. " +
	"Your text is still in the form; copy it somewhere safe and try again later."

// UnavailablePage is the same news on the error page, for a change posted
// from a screen that does not show its form again.
const UnavailablePage = "The site cannot save changes right now: the database is read-only or the disk is full. " +
	"Nothing was changed. Go back: your text should still be in the form; copy it somewhere safe and try again later."

// unavailableKey marks a request whose save was refused, for the chrome.
const unavailableKey = "orgsite.unavailable"

// IsUnavailable reports whether err means the server cannot write right
// now: the store said so (read-only database, full or failing disk, lock
// held past the busy timeout), or the file system refused an upload.
func IsUnavailable(err error) bool {
	return errors.Is(err, store.ErrUnavailable) ||
		errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EROFS)
}

// unavailable is for form handlers whose save failed: when the cause is
// that the server cannot write, it logs the error (a form shown again does
// not pass through handleError), marks the request so that the admin
// chrome carries UnavailableMessage, and reports true. The handler then
// shows the form again with the input kept and status 503:
//
//	if s.unavailable(c, err) {
//		return s.renderXForm(c, http.StatusServiceUnavailable, f)
//	}
//	return err
func (s *Server) unavailable(c echo.Context, err error) bool {
	if !IsUnavailable(err) {
		return false
	}
	r := c.Request()
	s.Log.Error("cannot save: the database or the disk refuses writes", "method", r.Method, "path", r.URL.Path, "err", err)
	c.Set(unavailableKey, true)
	return true
}

// noticeUnavailable puts UnavailableMessage at the top of an admin page,
// and "Not saved" in its title, when unavailable marked the request.
func noticeUnavailable(c echo.Context, ch *view.Chrome) {
	if marked, _ := c.Get(unavailableKey).(bool); marked {
		ch.Alert = UnavailableMessage
		ch.PageTitle = "Not saved: " + ch.PageTitle
	}
}
