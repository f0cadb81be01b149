// Package pdfdoc reads what orgsite needs from an uploaded PDF: that it is one, how many pages it has, and its text for search.
//
// The file is really parsed, with the pure-Go github.com/ledongthuc/pdf,
// rather than judged by its first bytes. That library trusts its input: it
// panics on malformed files, sizes tables from numbers in the file, and can
// loop forever on some damaged ones. Inspect therefore recovers panics,
// reads through a ReaderAt that stops the work when a time budget is spent
// (guard.go), walks the page tree itself with limits (pages.go), and checks
// beforehand the few numbers and stream endings the library cannot survive
// (preflight.go, streams.go). A file that fails any of this is not a
// readable PDF.
//
// # Encryption
//
// The library understands the standard security handler up to revision 4
// (RC4 and AES-128) and opens a file with the empty user password. So a PDF
// that only has an owner password (restricting printing or copying, which
// any reader may open) is accepted and its text read. A PDF that needs a
// password to open, or uses encryption the library cannot read (AES-256 of
// PDF 2.0 and Acrobat X+, other security handlers), is refused with
// ErrEncrypted, even with an empty user password: its pages cannot be
// counted, and the remedy, saving a copy without protection, is the same.
//
// One exception: with 40-bit RC4 (the oldest scheme, still written by FPDF
// and fpdf) the library derives the per-object keys wrongly, so it can read
// the pages but not their content. Such a file with only an owner password
// is accepted with TextErr saying why there is no text.
package pdfdoc

import (
	"errors"
	"fmt"
	"io"

	"github.com/ledongthuc/pdf"
)

// Errors returned by Inspect, possibly wrapped with detail for logs; test
// with errors.Is. Their own messages are meant for the person uploading.
var (
	ErrNotPDF       = errors.New("the file is not a readable PDF")
	ErrEncrypted    = errors.New("the PDF is protected by a password; upload a copy without protection")
	ErrTooManyPages = fmt.Errorf("the PDF has more than %d pages; upload a shorter version", MaxPages)
)

// MaxPages is the most pages a document may have.
const MaxPages = 2000

const (
	maxTextPages = 100       // text is read from the first pages only
	maxText      = 512 << 10 // and at most this many bytes of text are kept
)

// Info is what Inspect learns about a PDF.
type Info struct {
	Pages int
	// Text is the plain text of the first pages, white space collapsed,
	// valid UTF-8, at most maxText bytes. It may be partial when TextErr
	// is set.
	Text string
	// TextErr says why text could not be read (nil when it was). The
	// upload is still accepted; this is a warning to show.
	TextErr error
}

// Inspect parses the PDF in r (size bytes). It fails with ErrNotPDF,
// ErrEncrypted or ErrTooManyPages; problems with the text only set
// Info.TextErr. It is safe for concurrent use.
func Inspect(r io.ReaderAt, size int64) (info Info, err error) {
	defer func() {
		if x := recover(); x != nil {
			info, err = Info{}, fmt.Errorf("%w: %v", ErrNotPDF, x)
		}
	}()
	if r == nil || size <= 0 {
		return Info{}, fmt.Errorf("%w: the file is empty", ErrNotPDF)
	}
	g := newGuard(r, openBudget)
	rd, err := open(g, size)
	if err != nil {
		return Info{}, err
	}
	pages, err := pageList(rd)
	if err != nil {
		return Info{}, err
	}
	info.Pages = len(pages)
	if weakEncryption(rd) {
		info.TextErr = errWeakEncryption
		return info, nil
	}
	g.setBudget(textBudget)
	info.Text, info.TextErr = readText(pages[:min(len(pages), maxTextPages)], g)
	return info, nil
}

// open checks the file's structure and opens it with the library.
func open(g *guard, size int64) (*pdf.Reader, error) {
	encrypted, err := preflight(g, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotPDF, err)
	}
	rd, err := pdf.NewReader(g, size)
	switch {
	case err == nil:
		return rd, nil
	case errors.Is(err, pdf.ErrInvalidPassword):
		return nil, ErrEncrypted
	case encrypted && !errors.Is(err, overBudget{}):
		// Most often encryption the library does not support.
		return nil, fmt.Errorf("%w (%v)", ErrEncrypted, err)
	}
	return nil, fmt.Errorf("%w: %v", ErrNotPDF, err)
}

var errWeakEncryption = errors.New("text could not be read: the PDF uses old 40-bit encryption, " +
	"which the text reader does not support; upload a copy without protection so that search can find it")

// weakEncryption reports whether rd was opened with RC4 keys shorter than
// 88 bits. For those the library hashes each object's key but keeps all 16
// bytes of the hash instead of the key length + 5 (PDF 32000-1:2008,
// algorithm 1), so every string and stream it decrypts is garbage.
func weakEncryption(rd *pdf.Reader) bool {
	enc := rd.Trailer().Key("Encrypt")
	if enc.Kind() != pdf.Dict || enc.Key("V").Int64() == 4 { // V 4: AES-128, 16-byte keys
		return false
	}
	bits := enc.Key("Length").Int64()
	if bits == 0 || enc.Key("R").Int64() == 2 {
		bits = 40 // the default, and revision 2's only size
	}
	return bits/8+5 < 16
}
