// Package sitemap writes sitemaps.org 0.9 XML with Google's image extension
// and hreflang alternates as XHTML links, streaming each URL as it comes so that a site of any size is served in
// flat memory.
package sitemap

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"
)

// MaxURLs is the protocol's limit of URLs in one sitemap file.
const MaxURLs = 50000

// URL is one entry of a sitemap.
type URL struct {
	Loc      string // absolute
	LastMod  time.Time
	Image    string // absolute, optional
	ImageAlt string
	// Alternates are the URL in each of its languages, itself included, and
	// "x-default"; none for a page in one language.
	Alternates []Alternate
}

// Alternate is one language version of a URL, written as
// <xhtml:link rel="alternate" hreflang=".." href=".."/>.
type Alternate struct {
	Hreflang string // "az", or "x-default"
	Href     string // absolute
}

// Writer streams a urlset.
type Writer struct {
	w       *bufio.Writer
	scratch []byte
	err     error
}

// NewWriter starts a urlset on w.
func NewWriter(w io.Writer) *Writer {
	sw := &Writer{w: bufio.NewWriterSize(w, 64<<10), scratch: make([]byte, 0, 64)}
	sw.str(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	return sw
}

func (sw *Writer) str(s string) {
	if sw.err == nil {
		_, sw.err = sw.w.WriteString(s)
	}
}

// text writes s escaped for XML; URLs rarely need escaping, so the common
// case writes the string as it is.
func (sw *Writer) text(s string) {
	if sw.err != nil {
		return
	}
	if !strings.ContainsAny(s, "&<>\"'\r\n\t") {
		_, sw.err = sw.w.WriteString(s)
		return
	}
	sw.err = xml.EscapeText(sw.w, []byte(s))
}

// Add writes one URL.
func (sw *Writer) Add(u URL) error {
	sw.str("<url><loc>")
	sw.text(u.Loc)
	sw.str("</loc>")
	if !u.LastMod.IsZero() {
		sw.str("<lastmod>")
		sw.scratch = u.LastMod.UTC().AppendFormat(sw.scratch[:0], time.RFC3339)
		if sw.err == nil {
			_, sw.err = sw.w.Write(sw.scratch)
		}
		sw.str("</lastmod>")
	}
	if u.Image != "" {
		sw.str("<image:image><image:loc>")
		sw.text(u.Image)
		sw.str("</image:loc></image:image>")
	}
	for _, a := range u.Alternates {
		sw.str(`<xhtml:link rel="alternate" hreflang="`)
		sw.text(a.Hreflang)
		sw.str(`" href="`)
		sw.text(a.Href)
		sw.str(`"/>`)
	}
	sw.str("</url>\n")
	return sw.err
}

// Close ends the urlset and flushes.
func (sw *Writer) Close() error {
	sw.str("</urlset>\n")
	if sw.err != nil {
		return sw.err
	}
	return sw.w.Flush()
}

// WriteIndex writes a sitemap index naming parts sitemap files, whose URLs
// part(1)…part(n) gives, all changed at lastMod.
func WriteIndex(w io.Writer, parts int, part func(n int) string, lastMod time.Time) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := 1; i <= parts; i++ {
		bw.WriteString("<sitemap><loc>")
		xml.EscapeText(bw, []byte(part(i)))
		bw.WriteString("</loc>")
		if !lastMod.IsZero() {
			bw.WriteString("<lastmod>" + lastMod.UTC().Format(time.RFC3339) + "</lastmod>")
		}
		bw.WriteString("</sitemap>\n")
	}
	bw.WriteString("</sitemapindex>\n")
	return bw.Flush()
}

// Parts is how many sitemap files n URLs need.
func Parts(n int) int {
	if n <= 0 {
		return 1
	}
	return (n + MaxURLs - 1) / MaxURLs
}

// PartName is the file name of part i, as routed by the web layer.
func PartName(i int) string { return "sitemap-" + strconv.Itoa(i) + ".xml" }
