// Package export writes the public site as static files, for any static
// host or CDN and as the reference the benchmarks compare against. Pages are
// rendered by the real router, for a static copy (without the search form,
// which nothing would answer), and written in directory form: "/about" is
// about/index.html and every link, canonical and sitemap URL to it reads
// "/about/", so that any static server answers each with 200 directly,
// with no rules and no redirect.
package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"orgsite/assets"
	"orgsite/internal/content"
	"orgsite/internal/sitemap"
	"orgsite/internal/store"
)

// Source is what the export reads: the router that renders the pages and
// the store that lists them.
type Source struct {
	Handler  http.Handler
	Store    *store.Store
	MediaDir string
	BaseURL  string // the site's, as its absolute links start
	Now      time.Time
}

// Stats says what was written.
type Stats struct {
	Pages, Files int
	Bytes        int64
}

// Site writes every public page, feed, sitemap, asset and media file to dir.
func Site(ctx context.Context, src Source, dir string) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	paths, err := publicPaths(ctx, src)
	if err != nil {
		return st, err
	}
	ctx = content.WithStaticCopy(ctx)
	links := dirLinks(src.BaseURL)
	if err := writePages(ctx, src.Handler, dir, paths, links, &st); err != nil {
		return st, err
	}
	// The 404 page, for hosts that serve 404.html for unknown paths.
	body, _, err := get(ctx, src.Handler, "/this-page-does-not-exist-404")
	if err == nil {
		err = writeFile(dir, "404.html", links.rewriteFor("/404.html", body), &st)
	}
	if err != nil {
		return st, err
	}
	for _, f := range assets.All() {
		if err := writeFile(dir, strings.TrimPrefix(f.URL, "/"), f.Body, &st); err != nil {
			return st, err
		}
	}
	err = copyMedia(src.MediaDir, filepath.Join(dir, "media"), &st)
	return st, err
}

// publicPaths lists where the export starts: the fixed pages, every public
// item and tag, and the sitemap's parts when it has more than one. The
// numbered pages of lists are found by following links.
func publicPaths(ctx context.Context, src Source) ([]string, error) {
	paths := []string{"/robots.txt", "/sitemap.xml"}
	err := src.Store.EachPublic(ctx, src.Now, 0, 1<<30, func(e store.SitemapEntry) error {
		paths = append(paths, e.Path)
		if e.Kind == content.KindEvent {
			paths = append(paths, e.Path+".ics") // the event's calendar file
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	set, err := src.Store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	for _, lang := range set.Langs() {
		inLang := func(p string) string { return content.LangPath(lang, set.DefaultLang(), p) }
		for _, p := range []string{"/", "/news", "/projects", "/publications", "/events", "/calls", "/sitemap", "/feed.xml",
			"/calls/feed.xml", "/events.ics"} {
			paths = append(paths, inLang(p))
		}
		tags, err := src.Store.PublicTags(ctx, lang, src.Now)
		if err != nil {
			return nil, err
		}
		for _, t := range tags {
			paths = append(paths, inLang("/tags/"+t.Slug))
		}
	}
	n, err := src.Store.CountPublic(ctx, src.Now)
	if err != nil {
		return nil, err
	}
	if parts := sitemap.Parts(n + 4*len(set.Langs())); parts > 1 {
		for i := 1; i <= parts; i++ {
			paths = append(paths, "/sitemaps/"+sitemap.PartName(i))
		}
	}
	return paths, nil
}

// writePages renders and writes each path once, adding the numbered list
// pages it finds links to; any answer but 200 is an error. Two workers
// render side by side (pages are independent; a list's pages are still
// taken in order, each found on the one before, so each starts where the
// last ended).
func writePages(ctx context.Context, h http.Handler, dir string, paths []string, links linkRewriter, st *Stats) error {
	q := &pageQueue{todo: paths, seen: map[string]bool{}}
	q.more = sync.NewCond(&q.mu)
	var wg sync.WaitGroup
	for range exportWorkers {
		wg.Go(func() {
			for p, ok := q.next(); ok; p, ok = q.next() {
				found, n, err := writePage(ctx, h, dir, p, links)
				q.done(found, n, err, st)
			}
		})
	}
	wg.Wait()
	return q.err
}

// exportWorkers render pages at once: the machines orgsite runs on have a
// core or two to spare for it.
const exportWorkers = 2

// pageQueue hands the paths to export to the workers, each once.
type pageQueue struct {
	mu       sync.Mutex
	more     *sync.Cond
	todo     []string
	seen     map[string]bool
	inflight int
	err      error
}

// next is the next path to export; false when none is left and none is
// being exported (whose pages could add more), or after an error.
func (q *pageQueue) next() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		for len(q.todo) == 0 && q.inflight > 0 && q.err == nil {
			q.more.Wait()
		}
		if len(q.todo) == 0 || q.err != nil {
			return "", false
		}
		p := q.todo[0]
		q.todo = q.todo[1:]
		if !q.seen[p] {
			q.seen[p] = true
			q.inflight++
			return p, true
		}
	}
}

// done takes a page's result: the list pages it links to and its size.
func (q *pageQueue) done(found []string, n int, err error, st *Stats) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.inflight--
	if err != nil && q.err == nil {
		q.err = err
	}
	q.todo = append(q.todo, found...)
	if err == nil {
		st.Pages++
		st.Files++
		st.Bytes += int64(n)
	}
	q.more.Broadcast()
}

// writePage renders p and writes it; it returns the numbered list pages p
// links to and the bytes written.
func writePage(ctx context.Context, h http.Handler, dir, p string, links linkRewriter) ([]string, int, error) {
	body, status, err := get(ctx, h, p)
	if err != nil {
		return nil, 0, err
	}
	if status != http.StatusOK {
		return nil, 0, fmt.Errorf("export: %s answered %d", p, status)
	}
	// Follow the pagination of lists: page 2 links to page 3, and so on.
	found := pageLinks(body)
	var n Stats
	if err := writeFile(dir, fileFor(p), links.rewriteFor(p, body), &n); err != nil {
		return nil, 0, err
	}
	return found, int(n.Bytes), nil
}

// pageLinks returns the local links to numbered list pages in body, as
// "/news?page=2": the href and content attributes whose value is a path
// ending in ?page=N. It scans rather than matching a regular expression:
// on 25,000 pages the expression took 13 s.
func pageLinks(body []byte) []string {
	var links []string
	const marker = "?page="
	for rest, off := body, 0; ; {
		i := bytes.Index(rest, []byte(marker))
		if i < 0 {
			return links
		}
		at := off + i
		off, rest = at+len(marker), body[at+len(marker):]
		start := bytes.LastIndexByte(body[:at], '"')
		if start < 1 || body[start-1] != '=' {
			continue
		}
		name := body[:start-1]
		if !bytes.HasSuffix(name, []byte("href")) && !bytes.HasSuffix(name, []byte("content")) {
			continue
		}
		link := string(body[start+1 : at])
		n := 0
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if strings.HasPrefix(link, "/") && !strings.ContainsAny(link, "?\"<>") && n > 0 && n < len(rest) && rest[n] == '"' {
			links = append(links, link+marker+string(rest[:n]))
		}
	}
}

func get(ctx context.Context, h http.Handler, target string) ([]byte, int, error) {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	return body, res.StatusCode, err
}

// fileFor names the file a path is written to: "/" is index.html, "/news"
// news/index.html, "/news?page=2" news/page/2/index.html; files with an
// extension (feeds, sitemaps, robots.txt) keep their name.
func fileFor(p string) string {
	base, query, _ := strings.Cut(p, "?")
	if n, ok := strings.CutPrefix(query, "page="); ok {
		base = strings.TrimSuffix(base, "/") + "/page/" + n
	}
	switch {
	case base == "/":
		return "index.html"
	case path.Ext(base) != "":
		return strings.TrimPrefix(base, "/")
	}
	return strings.TrimPrefix(base, "/") + "/index.html"
}

// linkRewriter turns the site's own page URLs, relative or absolute, into
// their directory form: "/about" and "https://example.org/about" end in
// "/about/", "/news?page=2" becomes "/news/page/2/". It reads URLs where
// pages, feeds and sitemaps hold them: attribute values and JSON-LD
// strings, and in XML element text too (<loc>, <id>); never the text of an
// HTML page, where "/etc/hosts" in a code sample is no link. A path with a
// dot in its last part is a file (/media/…, /feed.xml) and stays as it is.
// It scans each document once; a regular expression took 16 s over the
// 25,000 pages of a 20,000-item site.
type linkRewriter struct{ base string }

func dirLinks(baseURL string) linkRewriter { return linkRewriter{base: baseURL} }

// rewriteFor rewrites the links of documents that hold them, not robots.txt.
func (l linkRewriter) rewriteFor(p string, body []byte) []byte {
	switch path.Ext(fileFor(p)) {
	case ".html":
		return l.rewrite(body, "=:")
	case ".xml":
		return l.rewrite(body, "=:>")
	}
	return body
}

// rewrite rewrites the URLs that start after an attribute's =", a JSON
// string's ":", and, when triggers has '>', an element's >.
func (l linkRewriter) rewrite(body []byte, triggers string) []byte {
	var out bytes.Buffer
	out.Grow(len(body) + len(body)/32)
	copied := 0
	for pos := 0; ; {
		i := bytes.IndexAny(body[pos:], triggers)
		if i < 0 {
			break
		}
		t := pos + i
		pos = t + 1
		u := urlStart(body, t)
		if u < 0 {
			continue
		}
		from, to, dir, ok := l.dirURL(body, u)
		if !ok {
			continue
		}
		out.Write(body[copied:from])
		out.WriteString(dir)
		copied, pos = to, to
	}
	out.Write(body[copied:])
	return out.Bytes()
}

// urlStart is where a URL may begin after the trigger at t: after =" or
// ":" (two bytes on), or right after an element's >; -1 otherwise.
func urlStart(body []byte, t int) int {
	switch body[t] {
	case '=':
		if t+1 < len(body) && body[t+1] == '"' {
			return t + 2
		}
	case ':':
		if t > 0 && body[t-1] == '"' && t+1 < len(body) && body[t+1] == '"' {
			return t + 2
		}
	case '>':
		return t + 1
	}
	return -1
}

// dirURL reads a URL of the site at u: the path's bounds [from, to) and
// its directory form; ok is false for anything else (another site, a file,
// a query other than ?page=N, a URL not ended by ", < or #).
func (l linkRewriter) dirURL(body []byte, u int) (from, to int, dir string, ok bool) {
	if bytes.HasPrefix(body[u:], []byte(l.base)) {
		u += len(l.base)
	}
	if u >= len(body) || body[u] != '/' {
		return 0, 0, "", false
	}
	end := u
	for end < len(body) && !bytes.ContainsRune([]byte("\"<>?#. \t\n\f\r"), rune(body[end])) {
		end++
	}
	p, next := string(body[u:end]), end
	if bytes.HasPrefix(body[end:], []byte("?page=")) {
		var n string
		if n, next = digitsAt(body, end+len("?page=")); n == "" {
			return 0, 0, "", false
		}
		p = strings.TrimSuffix(p, "/") + "/page/" + n
	}
	if next >= len(body) || (body[next] != '"' && body[next] != '<' && body[next] != '#') {
		return 0, 0, "", false
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return u, next, p, true
}

// digitsAt reads the digits of body from d, and where they end.
func digitsAt(body []byte, d int) (string, int) {
	end := d
	for end < len(body) && body[end] >= '0' && body[end] <= '9' {
		end++
	}
	return string(body[d:end]), end
}

func writeFile(dir, name string, body []byte, st *Stats) error {
	full := filepath.Join(dir, filepath.FromSlash(name))
	if !strings.HasPrefix(full, filepath.Clean(dir)+string(filepath.Separator)) {
		return fmt.Errorf("export: %q leaves the folder", name)
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(full, body, 0o644); err != nil {
		return err
	}
	st.Files++
	st.Bytes += int64(len(body))
	return nil
}

func copyMedia(from, to string, st *Stats) error {
	entries, err := os.ReadDir(from)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := writeFile(to, e.Name(), b, st); err != nil {
			return err
		}
	}
	return nil
}
