package admin

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	view "orgsite/views/admin"
)

// sessionKey names a session on the sessions page: the start of its id,
// enough to tell a user's sessions apart, never the whole stored hash.
func sessionKey(id string) string {
	if len(id) > 16 {
		return id[:16]
	}
	return id
}

// Sessions lists where the user is signed in: when, from which address
// and browser, last seen.
func (s *Server) Sessions(c echo.Context) error {
	sess := sessionOf(c)
	list, err := s.Store.UserSessions(c.Request().Context(), sess.User.ID)
	if err != nil {
		return err
	}
	ch, err := s.chromeFlash(c, "Where you are signed in")
	if err != nil {
		return err
	}
	p := view.SessionsPage{Chrome: ch}
	for _, si := range list {
		p.Rows = append(p.Rows, view.SessionRow{Key: sessionKey(si.ID), Started: ch.When(si.CreatedAt), LastSeen: ch.When(si.LastSeen),
			Address: si.IP, Browser: browserName(si.UserAgent), Current: si.ID == sess.ID})
	}
	return s.render(c, http.StatusOK, view.Sessions(p))
}

// EndSession signs the user out of one of their other sessions.
func (s *Server) EndSession(c echo.Context) error {
	ctx, sess := c.Request().Context(), sessionOf(c)
	key := c.Param("key")
	list, err := s.Store.UserSessions(ctx, sess.User.ID)
	if err != nil {
		return err
	}
	for _, si := range list {
		if len(key) == 16 && sessionKey(si.ID) == key && si.ID != sess.ID {
			if _, err := s.Store.EndSessions(ctx, sess.User.ID, si.ID, "", s.Now()); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, "/admin/account/sessions?msg=session-ended")
		}
	}
	return echo.NewHTTPError(http.StatusNotFound, "There is no such session of yours: it may have ended already.")
}

// EndOtherSessions signs the user out everywhere but here.
func (s *Server) EndOtherSessions(c echo.Context) error {
	sess := sessionOf(c)
	if _, err := s.Store.EndSessions(c.Request().Context(), sess.User.ID, "", sess.ID, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/account/sessions?msg=sessions-ended")
}

// browserName words a User-Agent for people: "Firefox on Windows".
func browserName(ua string) string {
	browser, system := "", ""
	for _, b := range []struct{ key, name string }{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"Chromium/", "Chromium"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}} {
		if strings.Contains(ua, b.key) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ key, name string }{{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o.key) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "" || system != "":
		return browser + system
	case ua == "":
		return "Unknown browser"
	}
	if len(ua) > 60 {
		ua = ua[:60] + "…"
	}
	return ua
}
