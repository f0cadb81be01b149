// Package wordpress reads a WordPress export (WXR, as Tools → Export writes
// it) and turns its posts, pages and attachments into orgsite's news, pages
// and media library, with the old permalinks kept as redirects.
//
// The export is read as a stream, one <item> at a time, so that a 200 MB
// file does not need 200 MB of memory: a first pass gathers what every
// item needs to know of the others (new addresses, attachment files), a
// second converts the bodies as it writes them.
package wordpress

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrNotWXR says the file is XML but not a WordPress export.
var ErrNotWXR = errors.New("not a WordPress export (WXR): no <rss> with <wp:wxr_version>")

// Channel is what the export says of the whole site.
type Channel struct {
	Version string            // wxr_version, e.g. "1.2"
	BaseURL string            // base_site_url, e.g. "https://example.org"
	BlogURL string            // base_blog_url: the site's address, which permalinks start with
	Authors map[string]string // login → display name
}

// Item is one <item> of the export: a post, page, attachment or anything
// else WordPress stores as a post.
type Item struct {
	Title   string   `xml:"title"`
	Link    string   `xml:"link"`
	GUID    string   `xml:"guid"`
	Creator string   `xml:"creator"`
	Encoded []nsText `xml:"encoded"` // content:encoded and excerpt:encoded

	ID            int64      `xml:"post_id"`
	DateGMT       string     `xml:"post_date_gmt"`
	Date          string     `xml:"post_date"`
	ModifiedGMT   string     `xml:"post_modified_gmt"`
	Name          string     `xml:"post_name"`
	Status        string     `xml:"status"`
	Parent        int64      `xml:"post_parent"`
	MenuOrder     int        `xml:"menu_order"`
	Type          string     `xml:"post_type"`
	AttachmentURL string     `xml:"attachment_url"`
	Terms         []term     `xml:"category"`
	Meta          []postMeta `xml:"postmeta"`
	Comments      []struct{} `xml:"comment"`
}

type nsText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type term struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

type postMeta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

// Content is the item's body as WordPress stored it.
func (it *Item) Content() string { return it.encoded("/content/") }

// Excerpt is the item's hand-written excerpt.
func (it *Item) Excerpt() string { return it.encoded("excerpt") }

func (it *Item) encoded(space string) string {
	for _, e := range it.Encoded {
		if strings.Contains(e.XMLName.Space, space) {
			return e.Text
		}
	}
	return ""
}

// MetaValues are the item's values of a custom field, in order.
func (it *Item) MetaValues(key string) []string {
	var out []string
	for _, m := range it.Meta {
		if m.Key == key {
			out = append(out, m.Value)
		}
	}
	return out
}

// Meta is the item's first value of a custom field, or "".
func (it *Item) MetaValue(key string) string {
	if vs := it.MetaValues(key); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// SyntaxError is a file that is not well-formed XML, with where.
type SyntaxError struct {
	Line int
	Err  error
}

func (e *SyntaxError) Error() string {
	var xe *xml.SyntaxError
	if errors.As(e.Err, &xe) { // it names the line itself
		return "not a complete, well-formed XML file: " + xe.Error()
	}
	return fmt.Sprintf("not a complete, well-formed XML file (line %d): %v", e.Line, e.Err)
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// Read streams an export: it calls item for each <item> in order and
// returns what the channel says. A file that is not XML is a
// *SyntaxError, one that is XML but no export ErrNotWXR; an error from
// item stops the reading and is returned.
func Read(r io.Reader, item func(*Item) error) (Channel, error) {
	ch := Channel{Authors: map[string]string{}}
	d := xml.NewDecoder(r)
	d.Strict = true
	root := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil && !root {
			return ch, ErrNotWXR // not XML at all: a photo, a Go file, a CSV
		}
		if err != nil {
			line, _ := d.InputPos()
			return ch, &SyntaxError{Line: line, Err: err}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !root {
			if se.Name.Local != "rss" {
				return ch, ErrNotWXR
			}
			root = true
			continue
		}
		if err := ch.read(d, se, item); err != nil {
			return ch, err
		}
	}
	if ch.Version == "" {
		return ch, ErrNotWXR
	}
	return ch, nil
}

// read takes one element inside <rss>.
func (ch *Channel) read(d *xml.Decoder, se xml.StartElement, item func(*Item) error) error {
	var err error
	switch se.Name.Local {
	case "wxr_version":
		err = d.DecodeElement(&ch.Version, &se)
	case "base_site_url":
		err = d.DecodeElement(&ch.BaseURL, &se)
	case "base_blog_url":
		err = d.DecodeElement(&ch.BlogURL, &se)
	case "author":
		var a struct {
			Login   string `xml:"author_login"`
			Display string `xml:"author_display_name"`
		}
		if err = d.DecodeElement(&a, &se); err == nil && a.Login != "" {
			ch.Authors[a.Login] = strings.TrimSpace(a.Display)
		}
	case "item":
		if ch.Version == "" {
			return ErrNotWXR // WordPress writes the version before any item
		}
		var it Item
		if err = d.DecodeElement(&it, &se); err == nil {
			return item(&it)
		}
	default:
		return nil // channel, title, tags and categories (read from the items)…
	}
	if err != nil {
		line, _ := d.InputPos()
		return &SyntaxError{Line: line, Err: err}
	}
	return nil
}
