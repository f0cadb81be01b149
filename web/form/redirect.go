package form

import (
	"net/http"
	"net/url"
	"strings"

	"orgsite/internal/content"
)

// Redirect is the form that adds a redirect, as typed.
type Redirect struct {
	From   string
	To     string
	Code   string // "301" (moved) or "410" (gone)
	Errors Errors

	from, to string
	code     int
}

// ReadRedirect reads a posted redirect form.
func ReadRedirect(v url.Values) Redirect {
	return Redirect{From: Value(v, "from"), To: Value(v, "to"), Code: v.Get("code"), Errors: Errors{}}
}

// Validate checks the form.
func (f *Redirect) Validate() {
	errs := f.Errors
	f.From = errs.Text("from", f.From, 500, "The old address")
	f.To = errs.Text("to", f.To, 500, "The new address")
	if !errs.Has("from") {
		var err error
		f.from, err = content.ParseRedirectSource(f.From)
		errs.Add("from", err)
	}
	switch f.Code {
	case "301":
		f.code = http.StatusMovedPermanently
		f.validateTarget()
	case "410":
		f.code = http.StatusGone
		if f.To != "" {
			errs.Set("to", "A “Gone” address leads nowhere: leave the new address empty, or choose “Moved”.")
		}
	default:
		errs.Set("code", "Choose Moved or Gone.")
		f.Code = "301"
	}
}

func (f *Redirect) validateTarget() {
	errs, lower := f.Errors, strings.ToLower(f.To)
	switch {
	case errs.Has("to"):
	case f.To == "":
		errs.Set("to", "Give the new address, such as /about, or choose “Gone”.")
	case strings.HasPrefix(lower, "http:") || strings.HasPrefix(lower, "https:"):
		errs.Set("to", "Redirects lead to pages of this site only: give the path, starting with /, such as /about.")
	default:
		if _, err := content.ParseLocalPath(f.To); err != nil {
			errs.Add("to", err)
		} else if u, err := url.Parse(f.To); err == nil && f.from != "" && u.Path == f.from {
			errs.Set("to", "The new address is the same as the old one.")
		}
	}
	// Stored escaped, as a Location header wants it: /über → /%C3%BCber.
	if u, err := url.Parse(f.To); err == nil {
		f.to = u.String()
	}
}

// Apply gives the checked redirect: the path it answers (decoded, as the
// router matches it), where it leads and its status.
func (f *Redirect) Apply() (from, to string, code int) { return f.from, f.to, f.code }

// Exists records that a redirect from the same address is there already.
func (f *Redirect) Exists() {
	f.Errors.Set("from", "There is already a redirect from "+f.from+". Delete it first to replace it.")
}
