package content

import (
	"slices"
	"strings"
)

// PublicationType is what a publication is; the public list filters by it.
type PublicationType string

// PublicationTypes are the types, in the order lists and forms show them.
var PublicationTypes = []PublicationType{"report", "policy-brief", "study", "manual", "leaflet"}

// ParsePublicationType reads a type as forms and URLs name it.
func ParsePublicationType(s string) (PublicationType, bool) {
	t := PublicationType(s)
	return t, slices.Contains(PublicationTypes, t)
}

// Document is a file from the media library offered for download.
type Document struct {
	MediaID int64
	URL     string
	Title   string // the file's title in the library
	MIME    string
	Size    int64
	Pages   int // 0 when unknown or not a PDF
}

// Present reports whether there is a document at all.
func (d Document) Present() bool { return d.URL != "" }

// Publication is a report, policy brief, study, manual or leaflet: a page
// that describes a document and offers it for download.
type Publication struct {
	Entry
	Type      PublicationType
	Authors   []string
	Document  Document
	Cover     Image
	DocLang   Lang // the language the document is written in; "" if not said
	ISBN      string
	DOI       string
	ProjectID int64
	Project   *ProjectRef
	Tags      []Tag
}

// CheckISBN accepts an ISBN-10 or ISBN-13 with hyphens or spaces, whose
// check digit is right; it gives the digits alone.
func CheckISBN(s string) (string, error) {
	d := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(s))
	bad := Problem("An ISBN has 10 or 13 digits and a valid check digit, such as 978-3-16-148410-0.")
	switch len(d) {
	case 13:
		sum := 0
		for i, r := range d {
			if r < '0' || r > '9' {
				return "", bad
			}
			sum += int(r-'0') * (1 + 2*(i%2))
		}
		if sum%10 != 0 {
			return "", bad
		}
	case 10:
		sum := 0
		for i, r := range d {
			v := int(r - '0')
			if r == 'X' && i == 9 {
				v = 10
			} else if r < '0' || r > '9' {
				return "", bad
			}
			sum += v * (10 - i)
		}
		if sum%11 != 0 {
			return "", bad
		}
	default:
		return "", bad
	}
	return d, nil
}

// CheckDOI accepts a DOI ("10.1234/abc"), also given as a doi.org link.
func CheckDOI(s string) (string, error) {
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"} {
		s = strings.TrimPrefix(s, p)
	}
	prefix, suffix, ok := strings.Cut(s, "/")
	if !ok || !strings.HasPrefix(prefix, "10.") || len(prefix) < 4 || suffix == "" || strings.ContainsAny(s, " \t\"<>") {
		return "", Problem("A DOI starts with 10., a number and a slash, such as 10.1234/impc.2026.1.")
	}
	return s, nil
}
