package wordpress

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
)

// index is what the first pass learns of every item: enough to give each
// its new address and to point the bodies, read in the second pass, at
// them. It holds no body.
type index struct {
	ch       Channel
	site     *url.URL // the old site's address
	entries  []*entry // posts and pages, in the export's order
	byID     map[int64]*entry
	atts     map[int64]*attachment
	attOrder []*attachment
	byFile   map[string]*attachment // by upload path, resized copies folded
	byPath   map[string]string      // old path → new path, once planned
	skipped  map[string]int         // other post types, by type
	blocks   map[int64]string       // reusable blocks' content, by id
	comments int
}

// entry is a post or page.
type entry struct {
	id, parent int64
	kind       content.Kind
	status     string // WordPress's: publish, future, draft, pending, private
	guid       string
	title      string
	link       string
	name       string // post_name, maybe percent-encoded
	creator    string
	dateGMT    string
	date       string
	modified   string
	oldSlugs   []string
	thumb      int64
	tags       []string
	comments   int

	slug string // planned
	path string // planned: its new address
	done bool   // imported by an earlier run
}

// attachment is a file in the media library.
type attachment struct {
	id, parent int64
	order      int
	guid       string
	url        string
	link       string
	title      string
	alt        string
	caption    string
	file       string // _wp_attached_file, relative to the uploads folder

	mediaID int64  // once imported
	path    string // "/media/…", once imported
}

func newIndex() *index {
	return &index{byID: map[int64]*entry{}, atts: map[int64]*attachment{}, byFile: map[string]*attachment{},
		byPath: map[string]string{}, skipped: map[string]int{}, blocks: map[int64]string{}}
}

// add takes one item of the first pass.
func (x *index) add(it *Item) {
	switch it.Type {
	case "attachment":
		a := &attachment{id: it.ID, parent: it.Parent, order: it.MenuOrder, guid: it.GUID, url: strings.TrimSpace(it.AttachmentURL),
			link: it.Link, title: it.Title, alt: it.MetaValue("_wp_attachment_image_alt"), caption: strings.TrimSpace(it.Excerpt()),
			file: it.MetaValue("_wp_attached_file")}
		x.atts[a.id] = a
		x.attOrder = append(x.attOrder, a)
	case "post", "page":
		e := &entry{id: it.ID, parent: it.Parent, kind: content.KindNews, status: it.Status, guid: it.GUID, title: strings.TrimSpace(it.Title),
			link: it.Link, name: it.Name, creator: it.Creator, dateGMT: it.DateGMT, date: it.Date, modified: it.ModifiedGMT,
			oldSlugs: it.MetaValues("_wp_old_slug"), comments: len(it.Comments)}
		if it.Type == "page" {
			e.kind = content.KindPage
		}
		e.thumb, _ = strconv.ParseInt(it.MetaValue("_thumbnail_id"), 10, 64)
		for _, t := range it.Terms {
			if (t.Domain == "category" && t.Nicename != "uncategorized") || t.Domain == "post_tag" {
				e.tags = append(e.tags, strings.TrimSpace(t.Name))
			}
		}
		x.comments += e.comments
		x.entries = append(x.entries, e)
		x.byID[e.id] = e
	case "wp_block":
		// Not a page of its own, but posts show it where they refer to it.
		x.blocks[it.ID] = it.Content()
		x.skipped[it.Type]++
	default:
		x.skipped[it.Type]++
	}
}

// indexFiles makes the attachments findable by their file's address.
func (x *index) indexFiles() {
	for _, a := range x.attOrder {
		if p := x.localPath(a.url); p != "" {
			x.byFile[fileKey(p)] = a
		}
	}
}

var resizedSuffix = regexp.MustCompile(`-(?:\d+x\d+|scaled|rotated)(\.\w+)$`)

// fileKey is an upload's path with WordPress's resized-copy suffix
// ("-1024x683", "-scaled") taken off: every copy finds its original.
func fileKey(p string) string { return strings.ToLower(resizedSuffix.ReplaceAllString(p, "$1")) }

// localPath is the path of an address on the old site, decoded, without
// a trailing slash; "" for an address elsewhere.
func (x *index) localPath(href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || !x.onSite(u) {
		return ""
	}
	p := strings.TrimSuffix(u.Path, "/")
	if p == "" {
		p = "/"
	}
	return p
}

func (x *index) onSite(u *url.URL) bool {
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	if u.Host == "" {
		return u.Scheme == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//")
	}
	return x.site != nil && strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") == strings.TrimPrefix(strings.ToLower(x.site.Hostname()), "www.")
}

// ImageByID implements Resolver.
func (x *index) ImageByID(id int64) (Image, bool) {
	a := x.atts[id]
	if a == nil || a.path == "" {
		return Image{}, false
	}
	return Image{Src: a.path, Alt: a.alt}, true
}

// ImageByURL implements Resolver.
func (x *index) ImageByURL(src string) (Image, bool) {
	p := x.localPath(src)
	if p == "" {
		return Image{}, false
	}
	if a := x.byFile[fileKey(p)]; a != nil && a.path != "" {
		return Image{Src: a.path, Alt: a.alt}, true
	}
	return Image{}, false
}

// Path implements Resolver.
func (x *index) Path(href string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || !x.onSite(u) {
		return "", false
	}
	q := u.Query()
	for _, k := range []string{"p", "page_id", "attachment_id"} {
		id, err := strconv.ParseInt(q.Get(k), 10, 64)
		if err != nil {
			continue
		}
		if e := x.byID[id]; e != nil && e.path != "" {
			return withFragment(e.path, u), true
		}
		if a := x.atts[id]; a != nil && a.path != "" {
			return a.path, true
		}
	}
	p := x.localPath(href)
	if to, ok := x.byPath[p]; ok {
		return withFragment(to, u), true
	}
	if img, ok := x.ImageByURL(href); ok {
		return img.Src, true
	}
	return "", false
}

func withFragment(p string, u *url.URL) string {
	if u.Fragment != "" {
		return p + "#" + u.EscapedFragment()
	}
	return p
}

// Gallery implements Resolver.
func (x *index) Gallery(id int64) []Image {
	var atts []*attachment
	for _, a := range x.attOrder {
		if a.parent == id && a.path != "" {
			atts = append(atts, a)
		}
	}
	slices.SortStableFunc(atts, func(a, b *attachment) int { return a.order - b.order })
	out := make([]Image, len(atts))
	for i, a := range atts {
		out[i] = Image{Src: a.path, Alt: a.alt}
	}
	return out
}

// Reusable implements Resolver. A block that refers to blocks is taken as
// it is: its references are not followed again, so none loops.
func (x *index) Reusable(id int64) string { return reusableRef.ReplaceAllString(x.blocks[id], "") }

// OldSite implements Resolver.
func (x *index) OldSite(href string) bool { return x.localPath(href) != "" }

// oldPaths are the addresses an entry had: its permalink, and the same
// with each slug it had before (WordPress keeps them as _wp_old_slug).
func (x *index) oldPaths(e *entry) []string {
	p := x.localPath(e.link)
	if p == "" || strings.Contains(e.link, "?") {
		return nil // a draft's "?p=12" was never a page of its own
	}
	out := []string{p}
	dir := p[:strings.LastIndex(p, "/")+1]
	for _, old := range e.oldSlugs {
		if old = strings.TrimSpace(old); old != "" {
			if dec, err := url.PathUnescape(old); err == nil {
				old = dec
			}
			out = append(out, dir+old)
		}
	}
	return out
}

// wpTime reads a time as an export writes it, "2026-11-12 16:30:00", in
// loc; zero for WordPress's "0000-00-00 00:00:00" of a draft.
func wpTime(s string, loc *time.Location) time.Time {
	t, err := time.ParseInLocation(time.DateTime, strings.TrimSpace(s), loc)
	if err != nil || t.Year() < 1971 {
		return time.Time{}
	}
	return t
}
