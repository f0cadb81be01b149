package web

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/web/pagecache"
)

// cacheState is what the cache middleware leaves on the context for send.
type cacheState struct {
	cache   *pagecache.Cache
	key     string
	gen     uint64
	until   time.Time
	release func()    // lets the next request for the key go on
	start   time.Time // when the render began, for the metrics
}

// cached serves a public GET from cache, or lets the handler run and send
// stores what it renders.
func (s *Server) cached(cache *pagecache.Cache, next echo.HandlerFunc, params []string) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		key := pagecache.Key(r, params)
		if key == "" {
			return next(c)
		}
		if l, ok := c.Get(langKey).(content.Lang); ok {
			key = string(l) + key // the default language's keys stay as they were
		}
		// Read the generation before rendering: a write that lands while
		// the page renders makes this copy stale at once.
		gen, now := s.Store.Generation(), s.Now()
		if p := cache.Get(key, gen, now); p != nil {
			return s.writeCached(c, p)
		}
		// Released as soon as the page is in the cache (before it is sent,
		// so a slow client cannot hold the lock), or at the latest here.
		release := cache.Lock(key)
		defer release()
		gen, now = s.Store.Generation(), s.Now()
		if p := cache.Get(key, gen, now); p != nil {
			release()
			return s.writeCached(c, p) // rendered while this request waited
		}
		until, err := cache.Until(gen, now, func() (time.Time, error) { return s.Store.NextChange(r.Context(), now) })
		if err != nil {
			return err
		}
		c.Set("cache", &cacheState{cache: cache, key: key, gen: gen, until: until, release: release, start: time.Now()})
		return next(c)
	}
}

// storeCached keeps a finished 200 response in the cache, compressed once.
func (s *Server) storeCached(c echo.Context, contentType string, body []byte, etag string) *pagecache.Page {
	st, _ := c.Get("cache").(*cacheState)
	if st == nil {
		return nil
	}
	p := pagecache.NewPage(st.gen, st.until, contentType, s.Config.PublicCacheControl(), body, etag)
	s.Metrics.Render(time.Since(st.start))
	st.cache.Put(st.key, p)
	st.release()
	return p
}

// writeCached answers from a cached page, compressed when the client
// accepts it, with a 304 when it already has these bytes.
func (s *Server) writeCached(c echo.Context, p *pagecache.Page) error {
	hdr, body := p.Form(c.Request().Header.Get("Accept-Encoding"))
	h := c.Response().Header()
	if match := c.Request().Header.Get("If-None-Match"); match != "" && pagecache.ETagMatch(match, hdr["Etag"][0]) {
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
	if body == nil {
		return p.WritePlain(c.Response())
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
