// Package pagecache keeps rendered public responses in memory, compressed
// once, so that a story shared widely is served without rendering. An
// entry is fresh while the store's write generation is the one it was
// rendered at and until the next scheduled change (a publication, an
// expiry, a project starting or ending): a publish, edit or unpublish
// shows on the very next request. It knows HTTP headers but not the
// router; web's cache middleware uses it.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// Cache is the page cache, bounded in bytes.
type Cache struct {
	mu      sync.RWMutex
	entries map[string]*Page
	bytes   int
	max     int
	// order holds the entries oldest first, for eviction; an entry put
	// again leaves its old place behind, skipped when reached.
	order []queued

	// renders lets one request per key render a missing page while the
	// others wait and then take its copy: after a publish during a spike,
	// each page is rendered once, not once per waiting visitor. Keys share
	// a fixed set of locks, so the memory stays bounded.
	renders [64]sync.Mutex

	// Counted for the metrics: reading them costs the requests nothing.
	hits, misses, evictions atomic.Uint64

	// Late, if set, is told how long after a scheduled change (a
	// publication, an expiry) the first request came that served it: with
	// no cron, that request is what makes it happen.
	Late func(time.Duration)

	// next caches the store's next scheduled change for one generation.
	nextMu  sync.Mutex
	nextGen uint64
	nextAt  time.Time
	nextOK  bool
}

type queued struct {
	key string
	p   *Page
}

// New makes a cache of at most maxBytes; 0 turns caching off.
func New(maxBytes int) *Cache { return &Cache{entries: map[string]*Page{}, max: maxBytes} }

// Page is a cached response.
type Page struct {
	gen         uint64
	until       time.Time // zero: until the next write
	contentType string
	control     string // Cache-Control
	body        []byte
	etag        string
	// packed is the gzip form of a large page, kept instead of body (see
	// Builder); size is the plain body's length either way.
	packed []byte
	size   int
	// The response headers, built once: a hit copies them into the
	// response without parsing, formatting or allocating.
	header http.Header
	// The compressed forms, made at the first request that accepts each:
	// pages only crawlers or the export read are never compressed.
	gz, br encoded
}

// encoded is a compressed form of a cached page. Brotli's best quality
// costs 40 ms for a 20 KB page, twenty times the render, so a page's first
// brotli request gets a quick form and the best one replaces it in the
// background.
type encoded struct {
	once sync.Once
	form atomic.Pointer[encForm]
}

type encForm struct {
	body   []byte
	header http.Header
}

// NewPage is a response to cache: rendered at write generation gen, fresh
// until until (zero: until the next write), sent with the Cache-Control
// control.
func NewPage(gen uint64, until time.Time, contentType, control string, body []byte, etag string) *Page {
	p := &Page{gen: gen, until: until, contentType: contentType, control: control, body: append([]byte(nil), body...), etag: etag, size: len(body)}
	p.header = p.headerFor(etag, len(body), "")
	return p
}

// plain reads the page's plain body.
func (p *Page) plain() io.Reader {
	if p.packed == nil {
		return bytes.NewReader(p.body)
	}
	zr, err := gzip.NewReader(bytes.NewReader(p.packed))
	if err != nil {
		panic("pagecache: a packed page is not gzip: " + err.Error()) // made by Builder, never from outside
	}
	return zr
}

// WritePlain writes the plain body of a page whose Form gave none: a
// packed page, unpacked as it is sent.
func (p *Page) WritePlain(w io.Writer) error {
	_, err := io.Copy(w, p.plain())
	return err
}

// cost is what the page holds in memory, its compressed forms included,
// which are made later: for a plain page less than its body again, for a
// packed one about its gzip form again.
func (p *Page) cost() int {
	if p.packed != nil {
		return 2 * len(p.packed)
	}
	return 2 * len(p.body)
}

func (p *Page) headerFor(etag string, n int, coding string) http.Header {
	h := http.Header{
		"Content-Type":   {p.contentType},
		"Content-Length": {strconv.Itoa(n)},
		"Etag":           {etag},
		"Cache-Control":  {p.control},
		"Vary":           {"Accept-Encoding"},
	}
	if coding != "" {
		h["Content-Encoding"] = []string{coding}
	}
	return h
}

// Form returns the page as the client accepts it: brotli, gzip or plain.
// The plain form of a packed page is nil: WritePlain sends it.
func (p *Page) Form(accept string) (http.Header, []byte) {
	if p.size < 512 {
		return p.header, p.body
	}
	switch {
	case Accepts(accept, "br"):
		return p.compress(&p.br, "br", brotliAt(5), brotliAt(bestBrotli(p.size)))
	case Accepts(accept, "gzip"):
		// gzip's best level costs half a millisecond a page: made at once.
		return p.compress(&p.gz, "gzip", gzipBest, nil)
	}
	return p.header, p.body
}

func gzipBest(buf *bytes.Buffer, body io.Reader) {
	zw, _ := gzip.NewWriterLevel(buf, gzip.BestCompression)
	io.Copy(zw, body)
	zw.Close()
}

// bestBrotli is the quality the background makes a body at. Quality 11
// takes 3 s a megabyte: a 10 MB sitemap part took 30 s, at quality 9 0.23 s
// for a fifth more bytes.
func bestBrotli(n int) int {
	if n > 256<<10 {
		return 9
	}
	return brotli.BestCompression
}

// brotliAt compresses at a quality with a 64 KB window: measured, quality
// 9 with the default window allocates 33 MB per page, this 2.4 MB.
func brotliAt(quality int) func(*bytes.Buffer, io.Reader) {
	return func(buf *bytes.Buffer, body io.Reader) {
		bw := brotli.NewWriterOptions(buf, brotli.WriterOptions{Quality: quality, LGWin: 16})
		io.Copy(bw, body)
		bw.Close()
	}
}

// compress returns the form of the page in coding, made with first at the
// first request that asks for it; better, if given, replaces it later.
// Each form has its own ETag: the bytes differ.
func (p *Page) compress(enc *encoded, coding string, first, better func(*bytes.Buffer, io.Reader)) (http.Header, []byte) {
	enc.once.Do(func() {
		tag := coding[:2]
		if better != nil {
			tag = coding[:1] + "0" // "b0": the quick form
		}
		enc.form.Store(p.encode(coding, tag, first))
		if better != nil {
			upgrade(func() { enc.form.Store(p.encode(coding, coding[:2], better)) })
		}
	})
	f := enc.form.Load()
	return f.header, f.body
}

func (p *Page) encode(coding, tag string, write func(*bytes.Buffer, io.Reader)) *encForm {
	var buf bytes.Buffer
	write(&buf, p.plain())
	return &encForm{body: buf.Bytes(), header: p.headerFor(strings.TrimSuffix(p.etag, `"`)+"-"+tag+`"`, buf.Len(), coding)}
}

// upgrades runs the background compressions one at a time, on one core at
// most, so that they never crowd out requests. When many pages wait (after
// a write, everything is rendered anew) the ones past its queue keep their
// quick form until they are rendered again.
var upgrades struct {
	once  sync.Once
	queue chan func()
	busy  sync.WaitGroup // for tests: the queued upgrades are done
}

func upgrade(f func()) {
	upgrades.once.Do(func() {
		upgrades.queue = make(chan func(), 256)
		go func() {
			for f := range upgrades.queue {
				f()
				upgrades.busy.Done()
			}
		}()
	})
	upgrades.busy.Add(1)
	select {
	case upgrades.queue <- f:
	default:
		upgrades.busy.Done()
	}
}

// Get is the fresh page cached under key, or nil.
func (c *Cache) Get(key string, gen uint64, now time.Time) *Page {
	c.mu.RLock()
	p := c.entries[key]
	c.mu.RUnlock()
	if p == nil || p.gen != gen || (!p.until.IsZero() && !now.Before(p.until)) {
		c.misses.Add(1)
		return nil
	}
	c.hits.Add(1)
	return p
}

// Stats are a cache's counts since it was made, and what it holds now.
type Stats struct {
	Hits, Misses, Evictions uint64
	Pages, Bytes, MaxBytes  int
}

// Stats reads the cache's counts. A request that waited for another's
// render and then found its copy counts a miss and a hit.
func (c *Cache) Stats() Stats {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Evictions: c.evictions.Load(),
		Pages: len(c.entries), Bytes: c.bytes, MaxBytes: c.max}
}

// Put caches p under key. A full cache evicts its oldest entries until p
// fits: the pages still read come back at their next request, and the
// others are not all lost at once.
func (c *Cache) Put(key string, p *Page) {
	size := p.cost() + len(key)
	if size > c.max {
		return // larger than the whole cache (or caching is off: max 0)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[key]; old != nil {
		c.bytes -= old.cost() + len(key)
	}
	for len(c.order) > 0 && c.bytes+size > c.max {
		oldest := c.order[0]
		c.order = c.order[1:]
		if c.entries[oldest.key] == oldest.p && oldest.key != key {
			delete(c.entries, oldest.key)
			c.bytes -= oldest.p.cost() + len(oldest.key)
			c.evictions.Add(1)
		}
	}
	c.entries[key] = p
	c.bytes += size
	c.order = append(c.order, queued{key, p})
	if len(c.order) > 2*len(c.entries)+64 {
		c.order = slices.DeleteFunc(c.order, func(q queued) bool { return c.entries[q.key] != q.p })
	}
}

// Len is the number of pages cached.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Lock takes the render lock of key; the release it returns may be called
// more than once.
func (c *Cache) Lock(key string) (release func()) {
	lock := &c.renders[fnv32(key)%uint32(len(c.renders))]
	lock.Lock()
	var once sync.Once
	return func() { once.Do(lock.Unlock) }
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// Until is how long a page rendered now at generation gen stays fresh:
// until the next scheduled change, which load asks the store for once per
// generation, and at the latest midnight, when dates on pages (the
// footer's year) may change.
func (c *Cache) Until(gen uint64, now time.Time, load func() (time.Time, error)) (time.Time, error) {
	c.nextMu.Lock()
	defer c.nextMu.Unlock()
	if c.nextOK && c.nextGen == gen && (c.nextAt.IsZero() || now.Before(c.nextAt)) {
		return c.nextAt, nil
	}
	if c.nextOK && c.nextGen == gen && c.Late != nil {
		c.Late(now.Sub(c.nextAt)) // the first request past a scheduled change
	}
	at, err := load()
	if err != nil {
		return time.Time{}, err
	}
	if day := now.Truncate(24 * time.Hour).Add(24 * time.Hour); at.IsZero() || day.Before(at) {
		at = day
	}
	c.nextGen, c.nextAt, c.nextOK = gen, at, true
	return at, nil
}

// Key is the request's path and the values of params, the query
// parameters the page reads; any other parameter changes nothing on the
// page and is left out, so "/?q=<random>" is the home page's copy, not a
// new render. "" when the request is not one to cache (another method, or
// a query too long to be worth keeping).
func Key(r *http.Request, params []string) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	if len(r.URL.RawQuery) > 256 {
		return ""
	}
	if len(params) == 0 || r.URL.RawQuery == "" {
		return r.URL.Path + "?"
	}
	q := r.URL.Query()
	var b strings.Builder
	b.WriteString(r.URL.Path)
	b.WriteByte('?')
	sep := ""
	for _, p := range params {
		if v := q.Get(p); v != "" {
			b.WriteString(sep + p + "=" + url.QueryEscape(v))
			sep = "&"
		}
	}
	return b.String()
}

// Accepts reports whether an Accept-Encoding header allows coding.
func Accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), coding) && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// ETagMatch reports whether an If-None-Match header names etag.
func ETagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
