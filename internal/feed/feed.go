// Package feed writes an Atom 1.0 feed (RFC 4287) of the latest news.
package feed

import (
	"encoding/xml"
	"io"
	"strings"
	"time"
)

// Feed is the feed's own metadata and its entries, newest first.
type Feed struct {
	Lang     string // the language of its text, as xml:lang
	Title    string
	Subtitle string
	SiteURL  string // absolute home page, as its canonical link names it
	SelfURL  string // absolute URL of the feed itself
	Updated  time.Time
	Author   string
	Entries  []Entry
}

// Entry is one news item in the feed.
type Entry struct {
	Title     string
	URL       string // absolute
	Published time.Time
	Updated   time.Time
	Summary   string
	HTML      string // the sanitised body
	Image     string // absolute, optional
	ImageType string // its MIME type
}

type link struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type text struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type person struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string `xml:"title"`
	Links     []link `xml:"link"`
	ID        string `xml:"id"`
	Published string `xml:"published"`
	Updated   string `xml:"updated"`
	Summary   text   `xml:"summary"`
	Content   text   `xml:"content"`
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Links    []link      `xml:"link"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Author   person      `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Write encodes f as Atom.
func Write(w io.Writer, f Feed) error {
	af := atomFeed{
		Lang:     f.Lang,
		Title:    f.Title,
		Subtitle: f.Subtitle,
		Links:    []link{{Href: f.SelfURL, Rel: "self", Type: "application/atom+xml"}, {Href: f.SiteURL, Rel: "alternate", Type: "text/html"}},
		ID:       strings.TrimSuffix(f.SiteURL, "/") + "/", // the same for "https://x" and "https://x/"
		Updated:  stamp(f.Updated),
		Author:   person{Name: f.Author},
	}
	for _, e := range f.Entries {
		ae := atomEntry{
			Title:     e.Title,
			Links:     []link{{Href: e.URL, Rel: "alternate", Type: "text/html"}},
			ID:        e.URL,
			Published: stamp(e.Published),
			Updated:   stamp(e.Updated),
			Summary:   text{Type: "text", Body: e.Summary},
			Content:   text{Type: "html", Body: e.HTML},
		}
		if e.Image != "" {
			ae.Links = append(ae.Links, link{Href: e.Image, Rel: "enclosure", Type: e.ImageType})
		}
		af.Entries = append(af.Entries, ae)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	return enc.Encode(af)
}
