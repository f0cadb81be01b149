// Package admin holds the handlers of the admin area (/admin): sign-in and
// sessions, the editors of every kind of content, the media library,
// partners, users, settings, redirects, trash and audit log. Its routes are
// registered in web's one route table; its pages are views/admin.
package admin

import (
	"context"
	"crypto/rand"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"orgsite/internal/auth"
	"orgsite/internal/config"
	"orgsite/internal/content"
	mailer "orgsite/internal/mail"
	"orgsite/internal/media"
	"orgsite/internal/metrics"
	"orgsite/internal/store"
	"orgsite/views"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// Deps are what the web layer and its admin area need from the rest of
// the program.
type Deps struct {
	Store  *store.Store
	Media  *media.Store
	Config config.Config
	Log    *slog.Logger
	// Now is the clock; tests move it to see schedules take effect.
	Now func() time.Time
	// Metrics counts for Prometheus; nil when they are off.
	Metrics *metrics.Metrics
	// Mail sends account emails; nil: they go to the log.
	Mail mailer.Sender
}

// Server holds the admin handlers' dependencies.
type Server struct {
	Deps
	// Render writes a page as the public site does (buffered, with an ETag).
	Render func(c echo.Context, status int, comp templ.Component) error
	// Site loads what every public page needs, for previews.
	Site func(ctx context.Context, lang content.Lang) (views.Site, error)
	// Resolves reports whether a site path answers the public; nil skips
	// the menu's link check.
	Resolves func(ctx context.Context, path string) bool
	editors  map[content.Kind]editor
	// loginKey signs the login form's CSRF tokens; a new one at each start
	// only makes login forms opened before it expire.
	loginKey [32]byte
}

// New builds the admin handlers; render and site are the public site's.
func New(d Deps, render func(c echo.Context, status int, comp templ.Component) error, site func(ctx context.Context, lang content.Lang) (views.Site, error)) *Server {
	s := &Server{Deps: d, Render: render, Site: site}
	if s.Mail == nil {
		s.Mail, _ = mailer.New("", "", s.Log, mailer.Options{}) // no server: cannot fail
	}
	rand.Read(s.loginKey[:])
	s.editors = map[content.Kind]editor{
		content.KindNews:        newsEditor{s},
		content.KindProject:     projectEditor{s},
		content.KindPage:        pageEditor{s},
		content.KindPublication: publicationEditor{s},
		content.KindEvent:       eventEditor{s},
		content.KindCall:        callEditor{s},
	}
	return s
}

func (s *Server) render(c echo.Context, status int, comp templ.Component) error {
	return s.Render(c, status, comp)
}

// settings are the site's settings; a database that does not answer gives
// the defaults, so that an error page can still be shown.
func (s *Server) settings(ctx context.Context) content.Settings {
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return content.Settings{}
	}
	return set
}

// chrome is what every admin page needs about the user and the site.
func (s *Server) chrome(c echo.Context, title string) (view.Chrome, error) {
	set, err := s.Store.Settings(c.Request().Context())
	if err != nil {
		return view.Chrome{}, err
	}
	sess := sessionOf(c)
	ch := view.Chrome{SiteName: set.SiteName(), PageTitle: title, Path: c.Request().URL.Path, Zone: set.Zone(), Langs: set.Langs()}
	if sess != nil {
		ch.UserName, ch.IsAdmin, ch.CSRF = sess.User.Name, sess.User.Role == auth.RoleAdmin, sess.CSRF
		ch.Contributor = sess.User.Role == auth.RoleContributor
	}
	switch {
	case c.QueryParam("saved") != "":
		ch.Flash = "Saved."
	case c.QueryParam("done") != "":
		ch.Flash = "Done."
	case c.QueryParam("restored") != "":
		ch.Flash = "Restored the revision's text and lead image as a new revision. The status, publication time and address are as they were."
	}
	noticeUnavailable(c, &ch)
	return ch, nil
}

// chromeFor is chrome for a form: "Error: " before the title when the form
// has problems.
func (s *Server) chromeFor(c echo.Context, title string, errs form.Errors) (view.Chrome, error) {
	if len(errs) > 0 {
		title = "Error: " + title
	}
	return s.chrome(c, title)
}

// badRequest is a 400 whose message is shown to the user.
func badRequest(msg string) error { return echo.NewHTTPError(http.StatusBadRequest, msg) }

// idParam reads a numeric id from the path; anything else is 404.
func idParam(c echo.Context) (int64, error) {
	id, ok := form.ID(c.Param("id"))
	if !ok {
		return 0, content.ErrNotFound
	}
	return id, nil
}

// pageParam reads the page of a list; anything but a page number is 400.
func pageParam(c echo.Context) (int, error) {
	n, err := form.PageNumber(c.QueryParam("page"))
	if err != nil {
		return 0, badRequest(err.Error())
	}
	return n, nil
}

// listPage is one page of a list of per items: page checked against the
// total (past the end is 404), and the number of pages.
func listPage(page, total, per int) (pages int, err error) {
	pages = max(1, (total+per-1)/per)
	if page > pages {
		return 0, content.ErrNotFound
	}
	return pages, nil
}

// search reads a list's search text.
func search(c echo.Context) (string, error) {
	q := form.Value(c.QueryParams(), "q")
	if len(q) > 200 {
		return "", badRequest("The search text is too long.")
	}
	return q, nil
}

// values are the posted form's fields; a body that cannot be read is 400.
func values(c echo.Context) (url.Values, error) {
	v, err := c.FormParams()
	if err != nil {
		return nil, badRequest("The form could not be read.")
	}
	return v, nil
}

// files are the posted form's files, if it is multipart.
func files(c echo.Context) map[string][]*multipart.FileHeader {
	mf, err := c.MultipartForm()
	if err != nil || mf == nil {
		return nil
	}
	return mf.File
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
