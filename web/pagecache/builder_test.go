package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// sitemapLike is n bytes or more of XML that compresses as a sitemap does.
func sitemapLike(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<url><loc>https://example.org/news/item-%d</loc><lastmod>2026-11-%02dT10:00:00Z</lastmod></url>\n", i, 1+i%28)
	}
	return b.Bytes()
}

// build writes body into a Builder in chunks, as the sitemap writer does.
func build(body []byte) *Builder {
	b := NewBuilder()
	for chunk := range slices.Chunk(body, 4096) {
		b.Write(chunk)
	}
	return b
}

// TestBuilderSmallBodies: a body under the limit is an ordinary page.
func TestBuilderSmallBodies(t *testing.T) {
	body := sitemapLike(100 << 10)
	b := build(body)
	if b.Packed() || !bytes.Equal(b.Bytes(), body) {
		t.Fatalf("a %d-byte body was packed", len(body))
	}
	p, err := b.Page(1, time.Time{}, "application/xml", "public, no-cache")
	if err != nil {
		t.Fatal(err)
	}
	if h, got := p.Form(""); !bytes.Equal(got, body) || h.Get("Etag") != ETag(body) {
		t.Errorf("plain form: %v, %d bytes", h, len(got))
	}
}

// TestBuilderPacksLargeBodies: a large body is held only gzipped, and
// every form of it (plain, gzip, brotli) gives back the bytes written,
// with the ETag and length of the plain body.
func TestBuilderPacksLargeBodies(t *testing.T) {
	body := sitemapLike(4 << 20)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	b := build(body)
	if !b.Packed() || b.Bytes() != nil {
		t.Fatal("a 4 MB body was kept plain")
	}
	p, err := b.Page(1, time.Time{}, "application/xml", "public, no-cache")
	if err != nil {
		t.Fatal(err)
	}
	h, plain := p.Form("")
	if plain != nil || h.Get("Etag") != ETag(body) || h.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Fatalf("plain form: %v, %d bytes in memory", h, len(plain))
	}
	var sent bytes.Buffer
	if err := p.WritePlain(&sent); err != nil || !bytes.Equal(sent.Bytes(), body) {
		t.Fatalf("WritePlain: %v, %d bytes of %d", err, sent.Len(), len(body))
	}
	for coding, decode := range map[string]func(io.Reader) (io.Reader, error){
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
	} {
		h, z := p.Form(coding)
		r, err := decode(bytes.NewReader(z))
		if err != nil {
			t.Fatalf("%s: %v", coding, err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, body) || h.Get("Content-Encoding") != coding || h.Get("Content-Length") != strconv.Itoa(len(z)) {
			t.Errorf("%s: %v, %v, %d bytes back of %d", coding, err, h, len(got), len(body))
		}
	}
	upgrades.busy.Wait()
	sent.Reset()

	// What the page holds: its compressed forms, not the plain body.
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > int64(len(body)/4) {
		t.Errorf("a packed %d-byte page holds %d bytes", len(body), grown)
	}
	if p.cost() > len(body)/4 {
		t.Errorf("the cache counts %d bytes for it", p.cost())
	}
	runtime.KeepAlive(p)
}
