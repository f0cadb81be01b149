// Package assets embeds the site's CSS, scripts, icons and logos and serves
// them under URLs that carry a hash of their content, so browsers and CDNs may
// keep them for a year: a changed file gets a new URL.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/andybalholm/brotli"
)

//go:embed css img logos js
var files embed.FS

// File is one embedded asset.
type File struct {
	Name        string // "css/site.css"
	URL         string // "/assets/css/site.1a2b3c4d5e.css"
	ContentType string
	Body        []byte
	ETag        string
	// Gzip and Brotli hold the body compressed, for text types; nil else.
	Gzip, Brotli []byte
}

var (
	byName = map[string]*File{}
	byURL  = map[string]*File{}
)

func init() {
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(name)
		f := &File{
			Name:        name,
			URL:         "/assets/" + strings.TrimSuffix(name, ext) + "." + hash + ext,
			ContentType: contentType(ext),
			Body:        body,
			ETag:        `"` + hash + `"`,
		}
		if strings.HasPrefix(f.ContentType, "text/") || ext == ".svg" {
			f.Gzip, f.Brotli = compress(body)
		}
		byName[name] = f
		byURL[f.URL] = f
		return nil
	})
	if err != nil {
		panic("assets: " + err.Error()) // the embedded tree is fixed at build time
	}
}

// compress makes the gzip and brotli forms of an asset once, at start:
// assets are few and small, and never change while the binary runs.
func compress(body []byte) (gz, br []byte) {
	var g, b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&g, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	// A 64 KB window fits every asset, and keeps the encoder from taking
	// tens of megabytes for a moment at start.
	bw := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 16})
	bw.Write(body)
	bw.Close()
	return g.Bytes(), b.Bytes()
}

func contentType(ext string) string {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Path returns the fingerprinted URL of the named asset, such as
// Path("css/site.css"). An unknown name panics in tests and templates alike,
// so a typo cannot ship as a broken link.
func Path(name string) string {
	f, ok := byName[name]
	if !ok {
		panic("assets: no file " + name)
	}
	return f.URL
}

// Exists reports whether the named asset is embedded.
func Exists(name string) bool { _, ok := byName[name]; return ok }

// Lookup finds the asset served at a fingerprinted URL path.
func Lookup(urlPath string) (*File, bool) {
	f, ok := byURL[urlPath]
	return f, ok
}

// All lists every asset, for the static export.
func All() []*File {
	out := make([]*File, 0, len(byName))
	for _, f := range byName {
		out = append(out, f)
	}
	return out
}
