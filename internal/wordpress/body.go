package wordpress

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// Image is an imported image as a body shows it.
type Image struct {
	Src string // its new address, "/media/…"
	Alt string
}

// Resolver says where the old site's addresses lead in the new one.
type Resolver interface {
	// ImageByID is attachment id as imported.
	ImageByID(id int64) (Image, bool)
	// ImageByURL is the attachment an old file address belongs to, the
	// original or one of WordPress's resized copies.
	ImageByURL(src string) (Image, bool)
	// Path is the new address of an old one: a post's or page's
	// permalink, "?p=ID", or an attachment's file.
	Path(href string) (string, bool)
	// Gallery lists the images attached to post id, in their order.
	Gallery(id int64) []Image
	// OldSite reports whether an address is on the exported site.
	OldSite(href string) bool
	// Reusable is the content of reusable block id ("" if unknown).
	Reusable(id int64) string
}

// converter turns one item's body into Markdown.
type converter struct {
	links Resolver
	item  *Item
	warn  func(format string, args ...any)
}

var (
	blockComment = regexp.MustCompile(`<!--\s*/?wp:[\s\S]*?-->`)
	reusableRef  = regexp.MustCompile(`<!--\s*wp:block\s+\{"ref":(\d+)\}\s*/-->`)
	wpImageClass = regexp.MustCompile(`\bwp-image-(\d+)\b`)
	captionParts = regexp.MustCompile(`(?s)^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$`)
	bareURL      = regexp.MustCompile(`^https?://\S+$`)
)

// body converts the item's content: block comments go, shortcodes are
// expanded, a classic post gets its paragraphs, images and links point at
// the new site, then it is sanitised as typed Markdown is and written as
// Markdown.
func (c *converter) body() (string, error) {
	raw := c.item.Content()
	blocks := strings.Contains(raw, "<!-- wp:")
	raw = reusableRef.ReplaceAllStringFunc(raw, func(ref string) string {
		id, _ := strconv.ParseInt(reusableRef.FindStringSubmatch(ref)[1], 10, 64)
		return c.links.Reusable(id)
	})
	raw = blockComment.ReplaceAllString(raw, "")
	raw = expandShortcodes(raw, c.shortcode)
	if !blocks {
		raw = autop(raw)
	}
	nodes, err := html.ParseFragment(strings.NewReader(raw), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return "", err
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	c.rewrite(root)
	shiftHeadings(root)
	var b strings.Builder
	for n := range root.ChildNodes() {
		if err := html.Render(&b, n); err != nil {
			return "", err
		}
	}
	md, err := htmltomarkdown.ConvertString(markdown.Sanitize(b.String()))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(md), nil
}

// shiftHeadings makes the body's highest heading an h2, the others
// following: the page's title is its h1, and a theme's h3 sections under
// it would skip a level for screen readers and validators.
func shiftHeadings(root *html.Node) {
	levels := map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}
	top := 7
	for n := range root.Descendants() {
		if l, ok := levels[n.DataAtom]; ok && n.Type == html.ElementNode {
			top = min(top, l)
		}
	}
	if top == 7 || top == 2 {
		return
	}
	for n := range root.Descendants() {
		if l, ok := levels[n.DataAtom]; ok && n.Type == html.ElementNode {
			l = min(max(l-top+2, 2), 6)
			n.Data = "h" + strconv.Itoa(l)
			n.DataAtom = atom.Lookup([]byte(n.Data))
		}
	}
}

// shortcode expands one shortcode to HTML.
func (c *converter) shortcode(sc shortcode) string {
	switch sc.name {
	case "caption", "wp_caption":
		m := captionParts.FindStringSubmatch(sc.inner)
		if m == nil {
			return expandShortcodes(sc.inner, c.shortcode)
		}
		caption := strings.TrimSpace(m[2])
		if caption == "" {
			caption = sc.attrs["caption"]
		}
		return "<figure>" + m[1] + "<figcaption>" + caption + "</figcaption></figure>"
	case "gallery":
		return c.gallery(sc)
	case "embed":
		return linkHTML(strings.TrimSpace(sc.inner))
	case "video", "audio":
		for _, k := range []string{"src", "mp4", "webm", "ogv", "mp3", "m4a", "ogg", "wav"} {
			if u := sc.attrs[k]; u != "" {
				return linkHTML(u)
			}
		}
		return linkHTML(strings.TrimSpace(sc.inner))
	}
	c.warn("unknown shortcode [%s] in %q: removed, its text kept", sc.name, c.item.Title)
	return expandShortcodes(sc.inner, c.shortcode)
}

// gallery is a [gallery]: its images, one after another.
func (c *converter) gallery(sc shortcode) string {
	var imgs []Image
	ids := sc.attrs["ids"]
	if ids == "" {
		ids = sc.attrs["include"]
	}
	if ids == "" {
		imgs = c.links.Gallery(c.item.ID)
	}
	for _, s := range strings.Split(ids, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			continue
		}
		if img, ok := c.links.ImageByID(id); ok {
			imgs = append(imgs, img)
		} else {
			c.warn("gallery in %q: attachment %d was not imported", c.item.Title, id)
		}
	}
	var b strings.Builder
	for _, img := range imgs {
		fmt.Fprintf(&b, `<p><img src="%s" alt="%s"></p>`, html.EscapeString(img.Src), html.EscapeString(img.Alt))
	}
	return b.String()
}

// linkHTML is a paragraph that links to u: what a video or other embed
// becomes, since the site frames no other site.
func linkHTML(u string) string {
	if !bareURL.MatchString(u) {
		return ""
	}
	e := html.EscapeString(u)
	return `<p><a href="` + e + `">` + e + `</a></p>`
}

// rewrite walks the body's nodes, changing what points at the old site.
func (c *converter) rewrite(n *html.Node) {
	for child := n.FirstChild; child != nil; {
		next := child.NextSibling
		if child.Type == html.ElementNode {
			c.rewriteElement(child)
		}
		child = next
	}
}

func (c *converter) rewriteElement(n *html.Node) {
	switch n.DataAtom {
	case atom.Img:
		c.image(n)
		return
	case atom.Iframe:
		var link *html.Node
		if videoHost(attr(n, "src")) {
			link = c.embedLink(attr(n, "src"))
		}
		replace(n, link) // other frames are dropped, as sanitising would
		return
	case atom.A:
		c.link(n)
	case atom.Figure:
		if strings.Contains(attr(n, "class"), "wp-block-embed") {
			replace(n, c.embedLink(strings.TrimSpace(textOf(n))))
			return
		}
	case atom.Figcaption:
		// A caption under its image: a paragraph of its own, in italics.
		n.DataAtom, n.Data, n.Attr = atom.P, "p", nil
		em := &html.Node{Type: html.ElementNode, DataAtom: atom.Em, Data: "em"}
		for ch := n.FirstChild; ch != nil; ch = n.FirstChild {
			n.RemoveChild(ch)
			em.AppendChild(ch)
		}
		n.AppendChild(em)
	case atom.P:
		if t := strings.TrimSpace(textOf(n)); n.FirstChild != nil && n.FirstChild == n.LastChild && n.FirstChild.Type == html.TextNode && bareURL.MatchString(t) {
			replace(n, c.embedLink(t)) // a URL alone on its line: WordPress embedded it
			return
		}
	}
	c.rewrite(n)
}

// link points a link at the new address of what it led to: an imported
// item or file, or the list that replaced a WordPress archive. A link to a
// page of the old site that is not in the export (which holds all of its
// content) led nowhere there either: its text stays, without the link,
// and the warnings name it.
func (c *converter) link(n *html.Node) {
	href := attr(n, "href")
	if to, ok := c.links.Path(href); ok {
		setAttr(n, "href", to)
		return
	}
	if !c.links.OldSite(href) {
		return
	}
	if to, ok := archivePath(href); ok {
		setAttr(n, "href", to)
		return
	}
	c.warn("link to %s in %q: not in the export; the text is kept without the link", href, c.item.Title)
	for ch := n.FirstChild; ch != nil; ch = n.FirstChild {
		n.RemoveChild(ch)
		n.Parent.InsertBefore(ch, n)
	}
	replace(n, nil)
}

var (
	termArchive = regexp.MustCompile(`^/(?:category|tag)/(?:[^/]+/)*([^/]+)/?$`)
	dateArchive = regexp.MustCompile(`^/\d{4}(?:/\d{2}(?:/\d{2})?)?/?$`)
)

// archivePath is where a link to one of WordPress's generated lists goes
// now: a category or tag to the tag's page, a date archive or the posts
// page to the news list, the feed to the feed.
func archivePath(href string) (string, bool) {
	u, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	p := u.Path
	if m := termArchive.FindStringSubmatch(p); m != nil {
		name, _ := url.PathUnescape(m[1])
		if slug := content.Slugify(name); slug != "" {
			return "/tags/" + slug, true
		}
	}
	switch {
	case dateArchive.MatchString(p), p == "/blog", p == "/blog/":
		return "/news", true
	case p == "/feed" || p == "/feed/":
		return "/feed.xml", true
	case p == "/" || p == "":
		return "/", true
	}
	return "", false
}

// image points an <img> at its imported copy, or drops one from the old
// site that was not imported; an image from another site becomes a link
// to it, since pages load images from the site alone.
func (c *converter) image(n *html.Node) {
	src := attr(n, "src")
	if strings.HasPrefix(src, "/media/") {
		return // made by a [gallery]
	}
	var img Image
	ok := false
	if m := wpImageClass.FindStringSubmatch(attr(n, "class")); m != nil {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		img, ok = c.links.ImageByID(id)
	}
	if !ok {
		img, ok = c.links.ImageByURL(src)
	}
	alt := attr(n, "alt")
	switch {
	case ok:
		if alt == "" {
			alt = img.Alt
		}
		n.Attr = []html.Attribute{{Key: "src", Val: img.Src}, {Key: "alt", Val: alt}}
		if a := n.Parent; a != nil && a.DataAtom == atom.A {
			if _, toFile := c.links.ImageByURL(attr(a, "href")); toFile || c.links.OldSite(attr(a, "href")) && !isPermalink(c.links, attr(a, "href")) {
				replace(a, n) // a link to the file itself: the image is enough
			}
		}
	case c.links.OldSite(src):
		c.warn("image %s in %q is not in the export: left out", src, c.item.Title)
		replace(n, nil)
	default:
		replace(n, c.embedLink(src))
	}
}

// videoHost reports whether an address is on a video site whose players
// WordPress embeds: such a frame becomes a link to the video.
func videoHost(u string) bool {
	parsed, err := url.Parse(u)
	if err != nil {
		return false
	}
	host := strings.TrimPrefix(strings.ToLower(parsed.Hostname()), "www.")
	switch host {
	case "youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "player.vimeo.com", "dailymotion.com":
		return true
	}
	return false
}

func isPermalink(r Resolver, href string) bool {
	p, ok := r.Path(href)
	return ok && !strings.HasPrefix(p, "/media/")
}

// embedLink is a link to u, when it is a web address.
func (c *converter) embedLink(u string) *html.Node {
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") {
		return nil
	}
	a := &html.Node{Type: html.ElementNode, DataAtom: atom.A, Data: "a", Attr: []html.Attribute{{Key: "href", Val: u}}}
	a.AppendChild(&html.Node{Type: html.TextNode, Data: u})
	p := &html.Node{Type: html.ElementNode, DataAtom: atom.P, Data: "p"}
	p.AppendChild(a)
	return p
}

// replace puts with (nil: nothing) where n is.
func replace(n, with *html.Node) {
	if n.Parent == nil {
		return
	}
	if with != nil {
		if with.Parent != nil {
			with.Parent.RemoveChild(with)
		}
		n.Parent.InsertBefore(with, n)
	}
	n.Parent.RemoveChild(n)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i := range n.Attr {
		if n.Attr[i].Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}
