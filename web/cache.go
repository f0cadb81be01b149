package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

// pageCache keeps rendered public responses, compressed once, so that a
// story shared widely is served from memory. An entry is fresh while the
// store's write generation is the one it was rendered at and until the next
// scheduled change (a publication, an expiry, a project starting or ending):
// a publish, edit or unpublish shows on the very next request.
type pageCache struct {
	mu      sync.RWMutex
	entries map[string]*cachedPage
	bytes   int
	max     int

	// renders lets one request per key render a missing page while the
	// others wait and then take its copy: after a publish during a spike,
	// each page is rendered once, not once per waiting visitor. Keys share
	// a fixed set of locks, so the memory stays bounded.
	renders [64]sync.Mutex

	// next caches the store's NextChange for one generation.
	nextMu  sync.Mutex
	nextGen uint64
	nextAt  time.Time
	nextOK  bool
}

type cachedPage struct {
	gen         uint64
	until       time.Time // zero: until the next write
	contentType string
	body        []byte
	etag        string
	// The response headers, built once: a hit copies them into the
	// response without parsing, formatting or allocating.
	header http.Header
	// The compressed forms, made at the first request that accepts each:
	// pages only crawlers or the export read are never compressed.
	gz, br encoded
}

// encoded is a compressed form of a cached page.
type encoded struct {
	once   sync.Once
	body   []byte
	header http.Header
}

func (e *cachedPage) headerFor(etag string, n int, coding string) http.Header {
	h := http.Header{
		"Content-Type":   {e.contentType},
		"Content-Length": {strconv.Itoa(n)},
		"Etag":           {etag},
		"Cache-Control":  {"public, no-cache"},
		"Vary":           {"Accept-Encoding"},
	}
	if coding != "" {
		h["Content-Encoding"] = []string{coding}
	}
	return h
}

// form returns the page as the client accepts it: brotli, gzip or plain.
func (e *cachedPage) form(accept string) (http.Header, []byte) {
	if len(e.body) < 512 {
		return e.header, e.body
	}
	compress := func(enc *encoded, coding string, write func(*bytes.Buffer)) (http.Header, []byte) {
		enc.once.Do(func() {
			var buf bytes.Buffer
			write(&buf)
			enc.body = buf.Bytes()
			enc.header = e.headerFor(strings.TrimSuffix(e.etag, `"`)+"-"+coding[:2]+`"`, len(enc.body), coding)
		})
		return enc.header, enc.body
	}
	switch {
	case accepts(accept, "br"):
		return compress(&e.br, "br", func(buf *bytes.Buffer) {
			// The best quality with a 64 KB window: measured, quality 9 with
			// the default window allocates 33 MB per page, this 2.4 MB.
			bw := brotli.NewWriterOptions(buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 16})
			bw.Write(e.body)
			bw.Close()
		})
	case accepts(accept, "gzip"):
		return compress(&e.gz, "gzip", func(buf *bytes.Buffer) {
			zw, _ := gzip.NewWriterLevel(buf, gzip.BestCompression)
			zw.Write(e.body)
			zw.Close()
		})
	}
	return e.header, e.body
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{entries: map[string]*cachedPage{}, max: maxBytes}
}

func (pc *pageCache) get(key string, gen uint64, now time.Time) *cachedPage {
	pc.mu.RLock()
	e := pc.entries[key]
	pc.mu.RUnlock()
	if e == nil || e.gen != gen || (!e.until.IsZero() && !now.Before(e.until)) {
		return nil
	}
	return e
}

func (pc *pageCache) put(key string, e *cachedPage) {
	// Counted as twice the body: the compressed forms, made later, are
	// together smaller than it.
	size := 2*len(e.body) + len(key)
	if size > pc.max {
		return // larger than the whole cache (or caching is off: max 0)
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if old := pc.entries[key]; old != nil {
		pc.bytes -= 2*len(old.body) + len(key)
	}
	if pc.bytes+size > pc.max {
		// Simple and bounded: start afresh. The hot pages come back at once.
		pc.entries = map[string]*cachedPage{}
		pc.bytes = 0
	}
	pc.entries[key] = e
	pc.bytes += size
}

// cacheKey is the request's path and query; "" when the request is not
// one to cache (long or odd queries would only fill memory).
func cacheKey(r *http.Request) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	if len(r.URL.RawQuery) > 256 {
		return ""
	}
	for _, k := range strings.Split(r.URL.RawQuery, "&") {
		name, _, _ := strings.Cut(k, "=")
		if k != "" && name != "page" && name != "q" {
			return ""
		}
	}
	return r.URL.Path + "?" + r.URL.RawQuery
}

// cacheState is what the cache middleware leaves on the context for send.
type cacheState struct {
	key     string
	gen     uint64
	until   time.Time
	release func() // lets the next request for the key go on
}

// cached serves a public GET from the page cache, or lets the handler run
// and send stores what it renders.
func (s *Server) cached(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		key := cacheKey(r)
		if key == "" {
			return next(c)
		}
		// Read the generation before rendering: a write that lands while
		// the page renders makes this copy stale at once.
		gen, now := s.Store.Generation(), s.Now()
		if e := s.cache.get(key, gen, now); e != nil {
			return s.writeCached(c, e)
		}
		lock := &s.cache.renders[fnv32(key)%uint32(len(s.cache.renders))]
		lock.Lock()
		var once sync.Once
		release := func() { once.Do(lock.Unlock) }
		// Released as soon as the page is in the cache (before it is sent,
		// so a slow client cannot hold the lock), or at the latest here.
		defer release()
		gen, now = s.Store.Generation(), s.Now()
		if e := s.cache.get(key, gen, now); e != nil {
			release()
			return s.writeCached(c, e) // rendered while this request waited
		}
		until, err := s.nextChange(r, gen, now)
		if err != nil {
			return err
		}
		c.Set("cache", &cacheState{key: key, gen: gen, until: until, release: release})
		return next(c)
	}
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func (s *Server) nextChange(r *http.Request, gen uint64, now time.Time) (time.Time, error) {
	pc := s.cache
	pc.nextMu.Lock()
	defer pc.nextMu.Unlock()
	if pc.nextOK && pc.nextGen == gen && (pc.nextAt.IsZero() || now.Before(pc.nextAt)) {
		return pc.nextAt, nil
	}
	at, err := s.Store.NextChange(r.Context(), now)
	if err != nil {
		return time.Time{}, err
	}
	// Dates on pages (the footer's year) change at midnight at the latest.
	if day := now.Truncate(24 * time.Hour).Add(24 * time.Hour); at.IsZero() || day.Before(at) {
		at = day
	}
	pc.nextGen, pc.nextAt, pc.nextOK = gen, at, true
	return at, nil
}

// storeCached keeps a finished 200 response in the cache, compressed once.
func (s *Server) storeCached(c echo.Context, contentType string, body []byte, etag string) *cachedPage {
	st, _ := c.Get("cache").(*cacheState)
	if st == nil {
		return nil
	}
	e := &cachedPage{gen: st.gen, until: st.until, contentType: contentType, body: append([]byte(nil), body...), etag: etag}
	e.header = e.headerFor(etag, len(body), "")
	s.cache.put(st.key, e)
	st.release()
	return e
}

// writeCached answers from a cached page, compressed when the client
// accepts gzip, with a 304 when it already has these bytes.
func (s *Server) writeCached(c echo.Context, e *cachedPage) error {
	hdr, body := e.form(c.Request().Header.Get("Accept-Encoding"))
	h := c.Response().Header()
	if match := c.Request().Header.Get("If-None-Match"); match != "" && etagMatch(match, hdr["Etag"][0]) {
		h["Etag"], h["Cache-Control"], h["Vary"] = hdr["Etag"], hdr["Cache-Control"], hdr["Vary"]
		return c.NoContent(http.StatusNotModified)
	}
	for k, v := range hdr {
		h[k] = v
	}
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	conn, _ := c.Request().Context().Value(connKey{}).(net.Conn)
	if conn == nil || len(body) < 3<<10 {
		_, err := c.Response().Write(body)
		return err
	}
	cork(conn, true)
	defer cork(conn, false)
	if _, err := c.Response().Write(body); err != nil {
		return err
	}
	return http.NewResponseController(c.Response().Writer).Flush()
}

type connKey struct{}

// ConnContext is for http.Server.ConnContext: it lets cached responses
// reach their connection, to send header and body in one segment.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// accepts reports whether an Accept-Encoding header allows coding.
func accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), coding) && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
