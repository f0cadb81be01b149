package content

import (
	"net/url"
	"strings"
	"unicode"
)

// LocalPath is an address on this site, escaped as it goes into a link or
// a Location header: one leading slash, no scheme or host, nothing a
// browser could read as another site ("//host", a backslash). Its
// constructors are the only checks; code that holds a LocalPath need not
// check again.
type LocalPath string

func (p LocalPath) String() string { return string(p) }

// ParseLocalPath reads an address on this site as staff type it (a menu
// link, the legal page, a redirect's target): a path starting with one
// slash, optionally with a query, escaped.
func ParseLocalPath(v string) (LocalPath, error) {
	switch {
	case !strings.HasPrefix(v, "/"):
		return "", Problem("Give an address on this site starting with /, such as /about.")
	case strings.HasPrefix(v, "//"):
		return "", Problem("An address starting with // leads to another website; give an address on this site, such as /about.")
	case len(v) > 500:
		return "", Problem("The address is too long: at most 500 characters.")
	case strings.ContainsRune(v, '\\'):
		return "", Problem("Use / instead of \\ in the address.")
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return "", Problem("The address cannot contain spaces; write them as %20.")
	}
	if u, err := url.Parse(v); err != nil || u.Scheme != "" || u.Host != "" {
		return "", Problem("This is not a valid address on this site.")
	}
	return LocalPath(v), nil
}

// CanonicalPath is the one address of the page at a request's decoded
// path: slashes at either end folded, so "//evil.example/" becomes
// "/evil.example", then escaped. A path with a backslash or a line break
// has no canonical form.
func CanonicalPath(decoded string) (LocalPath, error) {
	p := "/" + strings.Trim(decoded, "/")
	if strings.ContainsAny(p, "\\\r\n") {
		return "", Problem("That address is not valid.")
	}
	return LocalPath((&url.URL{Path: p}).EscapedPath()), nil
}

// ParseRedirectSource reads the old address of a redirect as staff type
// it and returns the path the router will match: without query, with
// percent escapes decoded. The site's own areas cannot be redirected.
func ParseRedirectSource(v string) (string, error) {
	if err := checkRedirectSource(v); err != nil {
		return "", err
	}
	p, err := url.PathUnescape(v)
	if err != nil || strings.IndexFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 || strings.ContainsRune(p, '\\') {
		return "", Problem("The old address contains a % that is not followed by two hexadecimal digits, or characters that cannot be in an address.")
	}
	switch {
	case p == "/":
		return "", Problem("The home page cannot be redirected.")
	case under(p, "/admin") || under(p, "/assets"):
		return "", Problem("Addresses under /admin and /assets belong to the site itself and cannot be redirected.")
	case strings.HasPrefix(p, "//"):
		return "", Problem("The old address cannot start with //.")
	}
	return p, nil
}

// checkRedirectSource checks a redirect's old address as typed, before
// its escapes are decoded.
func checkRedirectSource(v string) error {
	switch {
	case v == "":
		return Problem("Give the old address, starting with /.")
	case strings.Contains(v, "://") || !strings.HasPrefix(v, "/"):
		return Problem("Give only the path of the old address, starting with /, such as /old-site/about.html (without https:// and the domain).")
	case strings.HasPrefix(v, "//"):
		return Problem("The old address cannot start with //.")
	case len(v) > 500:
		return Problem("The old address is too long: at most 500 characters.")
	case strings.ContainsAny(v, "?#"):
		return Problem("Leave out the part from ? or #: redirects match the path only.")
	case strings.ContainsRune(v, '\\'):
		return Problem("Use / instead of \\ in the address.")
	}
	return nil
}

// Under reports whether the address is area or a page below it.
func (p LocalPath) Under(area string) bool { return under(string(p), area) }

func under(p, area string) bool {
	return p == area || strings.HasPrefix(p, area+"/") || strings.HasPrefix(p, area+"?")
}
