package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"time"
)

// ETag is the strong validator of a body: a hash of its bytes, the same
// for every copy of a page however it was made.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return etagOf(sum[:])
}

func etagOf(sum []byte) string {
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

// packAbove is the size past which a Builder keeps only a body's gzip
// form. A 50,000-URL sitemap part is 10 MB as XML and 0.6 MB gzipped, and
// crawlers ask for gzip: held plain, with its compressed forms and the
// buffers it was built in, two parts took 50 MB.
const packAbove = 1 << 20

// Builder takes a response body as it is written. A small body is kept as
// written; past packAbove the builder compresses from there on and keeps
// only the gzip form, so that a large document is never held plain, not
// even while it is built.
type Builder struct {
	plain bytes.Buffer
	gz    bytes.Buffer
	zw    *gzip.Writer
	sum   hash.Hash
	n     int
}

// NewBuilder is an empty body.
func NewBuilder() *Builder { return &Builder{sum: sha256.New()} }

func (b *Builder) Write(p []byte) (int, error) {
	b.sum.Write(p)
	b.n += len(p)
	if b.zw != nil {
		return b.zw.Write(p)
	}
	b.plain.Write(p)
	if b.plain.Len() <= packAbove {
		return len(p), nil
	}
	b.zw, _ = gzip.NewWriterLevel(&b.gz, gzip.DefaultCompression)
	_, err := b.zw.Write(b.plain.Bytes())
	b.plain = bytes.Buffer{}
	return len(p), err
}

// Packed reports whether the body grew past the size kept plain.
func (b *Builder) Packed() bool { return b.zw != nil }

// Bytes is a small body as written; nil once it is packed.
func (b *Builder) Bytes() []byte {
	if b.zw != nil {
		return nil
	}
	return b.plain.Bytes()
}

// Page is the body as a cached response (see NewPage); the builder is
// done with after it.
func (b *Builder) Page(gen uint64, until time.Time, contentType, control string) (*Page, error) {
	etag := etagOf(b.sum.Sum(nil))
	if b.zw == nil {
		return NewPage(gen, until, contentType, control, b.plain.Bytes(), etag), nil
	}
	if err := b.zw.Close(); err != nil {
		return nil, err
	}
	p := &Page{gen: gen, until: until, contentType: contentType, control: control, etag: etag, packed: b.gz.Bytes(), size: b.n}
	p.header = p.headerFor(etag, b.n, "")
	// The gzip form is the packed body itself, with its own ETag.
	p.gz.once.Do(func() {
		p.gz.form.Store(&encForm{body: p.packed, header: p.headerFor(etag[:len(etag)-1]+`-gz"`, len(p.packed), "gzip")})
	})
	return p, nil
}
