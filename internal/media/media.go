// Package media stores uploaded images and documents on disk.
//
// An upload is trusted for nothing: its type is decided from its first bytes,
// images are measured from their header before any pixel is decoded, and the
// stored file gets a random name that this package alone produces. Serving
// goes through Open, which refuses every name it could not have produced, so a
// client-supplied path never reaches the filesystem.
//
// Images also get resized copies (variants) for responsive <img srcset>.
// The package knows io.Reader and files, not HTTP.
package media

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Kind says whether a stored file is an image or a document.
type Kind string

// The kinds of stored files.
const (
	KindImage    Kind = "image"
	KindDocument Kind = "document"
)

// Variant is a resized copy of an image.
type Variant struct {
	Width, Height int
	Name          string // file name in the media dir, e.g. "9f…e1-480.jpg"
}

// File describes a stored upload.
type File struct {
	Name          string // stored name of the original: 32 hex chars + extension
	Kind          Kind
	MIME          string // image/jpeg, image/png, image/webp, image/gif or application/pdf
	Size          int64  // bytes of the original
	Width, Height int    // 0 for documents
	Variants      []Variant
	// What a PDF says of itself: its page count, and its text for search
	// (empty, with TextErr saying why, when it could not be read).
	Pages   int
	Text    string
	TextErr error
}

// Limits on image dimensions. The pixel limit bounds the memory a decode
// may take; the side limit refuses absurd strips that pass the pixel limit.
const (
	DefaultMaxPixels = 40_000_000
	MaxSide          = 20000
)

// MaxDecodeBytes bounds the memory the decoded pixels of one upload take:
// 40 megapixels of 8-bit RGBA fit, the same at 16 bits a channel (twice the
// memory, for no difference a visitor can see) does not.
const MaxDecodeBytes = DefaultMaxPixels * 4

// Errors returned for refused uploads and unknown names. Save returns
// errors that match these with errors.Is but carry a more precise message
// (the size limit, the image's dimensions), fit to show to the uploader.
var (
	ErrTooLarge   = errors.New("the file is too large")
	ErrType       = errors.New("only JPEG, PNG, WebP, GIF and PDF files can be uploaded")
	ErrDimensions = errors.New("the image has too many pixels")
	ErrCorrupt    = errors.New("the file could not be read; it may be damaged or incomplete")
	ErrNotFound   = errors.New("media file not found")
)

// refusal is an error for the uploader: its own message, and the sentinel
// it stands for so that callers can branch with errors.Is.
type refusal struct {
	msg  string
	kind error
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.kind }

func refuse(kind error, format string, args ...any) error {
	return &refusal{msg: fmt.Sprintf(format, args...), kind: kind}
}

// Store keeps media files in one flat directory. Create it with New.
type Store struct {
	Dir       string
	MaxBytes  int64 // largest accepted upload
	MaxPixels int64 // largest accepted image, width*height

	// decodeSlots bounds how many images are decoded at once. A decoded
	// 40-megapixel image takes hundreds of MB (progressive JPEG keeps its
	// coefficients too), so concurrent uploads must queue rather than add
	// up. Uploads are rare staff actions; waiting costs little.
	decodeSlots chan struct{}
}

// tmpPrefix starts the names of files being written. ValidName never
// accepts it, so a half-written file can never be served.
const tmpPrefix = ".tmp-"

// New returns a store in dir, creating the directory if needed, accepting
// uploads of at most maxBytes.
func New(dir string, maxBytes int64) (*Store, error) {
	if dir == "" {
		return nil, errors.New("media: no directory given")
	}
	if maxBytes <= 0 {
		return nil, fmt.Errorf("media: upload limit must be positive, got %d", maxBytes)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("media: create %s: %w", dir, err)
	}
	s := &Store{
		Dir:         dir,
		MaxBytes:    maxBytes,
		MaxPixels:   DefaultMaxPixels,
		decodeSlots: make(chan struct{}, 1),
	}
	s.removeStaleTemps()
	return s, nil
}

// removeStaleTemps deletes temp files left by a crash. Only old ones: a
// young one may belong to another process writing into the same dir.
func (s *Store) removeStaleTemps() {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
			os.Remove(filepath.Join(s.Dir, e.Name()))
		}
	}
}

// validName is the only shape of name this package writes: a random stem,
// an optional variant width, a known extension. Nothing else — no dots,
// slashes, escapes or NUL — can pass.
var validName = regexp.MustCompile(`^[0-9a-f]{32}(-[1-9][0-9]{0,4})?\.(jpg|png|webp|gif|pdf)$`)

// ValidName reports whether name could have been produced by this package.
func ValidName(name string) bool {
	return len(name) <= 48 && validName.MatchString(name)
}

// ContentType returns the MIME type of a stored file from its extension,
// or application/octet-stream for a name this package does not produce.
func ContentType(name string) string {
	if ValidName(name) {
		ext := filepath.Ext(name)
		for _, ft := range fileTypes {
			if ft.ext == ext {
				return ft.mime
			}
		}
	}
	return "application/octet-stream"
}

// Open opens a stored file for serving. A name this package could not have
// produced is ErrNotFound without any filesystem call.
func (s *Store) Open(name string) (*os.File, os.FileInfo, error) {
	if !ValidName(name) {
		return nil, nil, ErrNotFound
	}
	f, err := os.Open(filepath.Join(s.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("media: open %s: %w", name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("media: stat %s: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, ErrNotFound
	}
	return f, info, nil
}

// Remove deletes an original and all its variants. Files already gone are
// not an error, so a retried delete succeeds.
func (s *Store) Remove(f File) error {
	if !ValidName(f.Name) || strings.Contains(f.Name, "-") {
		return fmt.Errorf("media: remove %q: %w", f.Name, ErrNotFound)
	}
	stem := f.Name[:32]
	names := []string{f.Name}
	for _, v := range f.Variants {
		if !ValidName(v.Name) || v.Name[:32] != stem {
			return fmt.Errorf("media: remove %q: variant %q: %w", f.Name, v.Name, ErrNotFound)
		}
		names = append(names, v.Name)
	}
	// Variants the caller's record lost go too. Trying the known names
	// needs neither a scan of a large directory nor a glob, which would
	// misread a Dir containing '[' or '*'.
	for _, w := range variantWidths {
		for _, ext := range []string{".jpg", ".png"} {
			names = append(names, stem+"-"+strconv.Itoa(w)+ext)
		}
	}
	var errs []error
	for _, n := range names {
		err := os.Remove(filepath.Join(s.Dir, n))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("media: remove %s: %w", f.Name, err)
	}
	return nil
}

// FormatSize writes a size the way people read it: "20 MB", "1.4 MB",
// "820 KB", "999 bytes".
func FormatSize(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n >= mb && n%mb == 0:
		return fmt.Sprintf("%d MB", n/mb)
	case n >= mb:
		return fmt.Sprintf("%.1f MB", float64(n)/mb)
	case n >= kb:
		return fmt.Sprintf("%d KB", (n+kb/2)/kb)
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
