package pdfdoc

import (
	"bytes"
	"errors"
	"io"

	"github.com/ledongthuc/pdf"
)

// Checks on the streams the library interprets as PostScript-like token
// streams (page contents, /ToUnicode character maps, object streams). Its
// lexer reads past the end of such a stream as endless line ends, so a
// stream that ends inside a <hex string> makes it wait for the closing '>'
// forever, without reading the file again (so the time budget in guard.go
// never fires). Such streams, and ones that decode to far too much data,
// are refused before the library sees them.

const (
	maxContentBytes = 32 << 20 // decoded content of one page
	maxContentParts = 4096     // streams making up one page's content
	maxCMapBytes    = 1 << 20  // decoded /ToUnicode character map
	maxCMapBlock    = 10_000   // entries announced by one begin...range; the spec allows 100
	maxCMapEntries  = 65_536   // entries in one character map: every 2-byte code
	maxDifferences  = 1024     // a font's /Differences: 256 codes, their names and starts
	maxPageFonts    = 1024     // fonts in one page's resources

	// maxPageCost bounds decoded content bytes × font table entries for
	// one page, see pageText. Measured: about 1.5 ns per unit for a
	// /ToUnicode map, so at most about a second per page.
	maxPageCost = 500_000_000
	// differencesWeight scales /Differences entries to those units: the
	// library resolves a Value for each entry it scans, about 10 times
	// slower than comparing a character map entry.
	differencesWeight = 10
)

var (
	errStreamTooLarge = errors.New("stream decodes to too much data")
	errOpenHexString  = errors.New("stream ends inside a hex string")
	errBigCMap        = errors.New("character map is too large")
	errBigEncoding    = errors.New("font encoding is too large")
)

// checkStream reads r to its end and returns how many bytes it gave. It
// fails if that is more than limit, or if r ends cleanly inside a hex
// string. Other read errors are not reported: the library meets them too and
// stops with an error, which is safe.
func checkStream(r io.Reader, limit int64) (int64, error) {
	var t tailWatch
	n, err := io.Copy(&t, io.LimitReader(r, limit+1))
	if n > limit {
		return n, errStreamTooLarge
	}
	if err == nil && t.open {
		return n, errOpenHexString
	}
	return n, nil
}

// tailWatch is an io.Writer that tracks whether everything written since
// the last '<' is hex digits or white space: if the data ends there, the
// library's hex string reader never returns.
type tailWatch struct{ open bool }

func (t *tailWatch) Write(p []byte) (int, error) {
	rest := p
	if i := bytes.LastIndexByte(p, '<'); i >= 0 {
		t.open, rest = true, p[i+1:]
	}
	for _, c := range rest {
		if !t.open {
			break
		}
		t.open = isHexDigit(c) || isSpace(c)
	}
	return len(p), nil
}

// checkFilters is checkRawFilters for a stream read through the library:
// a long filter chain nests one decompressor per filter (deep enough, the
// goroutine stack overflows, which is fatal), and the PNG predictor
// allocates /Columns bytes up front.
func checkFilters(v pdf.Value) error {
	if f := v.Key("Filter"); f.Kind() == pdf.Array && f.Len() > maxFilters {
		return errBadFilters
	}
	p := v.Key("DecodeParms")
	if p.Kind() != pdf.Array {
		return checkParms(p)
	}
	if p.Len() > maxFilters {
		return errBadFilters
	}
	for i := range p.Len() {
		if err := checkParms(p.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

func checkParms(p pdf.Value) error {
	if c := p.Key("Columns").Int64(); c < 0 || c > maxColumns {
		return errBadFilters
	}
	return nil
}

// checkContents checks a page's /Contents (one stream or an array of them,
// which the library reads as one) and returns its decoded size.
func checkContents(c pdf.Value) (int64, error) {
	parts := []pdf.Value{c}
	switch c.Kind() {
	case pdf.Null:
		return 0, nil
	case pdf.Array:
		if c.Len() > maxContentParts {
			return 0, errStreamTooLarge
		}
		parts = parts[:0]
		for i := range c.Len() {
			parts = append(parts, c.Index(i))
		}
	}
	rs := make([]io.Reader, 0, len(parts))
	for _, p := range parts {
		if err := checkFilters(p); err != nil {
			return 0, err
		}
		rs = append(rs, p.Reader())
	}
	return checkStream(io.MultiReader(rs...), maxContentBytes)
}

// cmapCost checks a /ToUnicode character map and returns how many entries
// the library will build from it.
func cmapCost(tu pdf.Value) (int64, error) {
	if err := checkFilters(tu); err != nil {
		return 0, err
	}
	data, err := io.ReadAll(io.LimitReader(tu.Reader(), maxCMapBytes+1))
	if len(data) > maxCMapBytes {
		return 0, errBigCMap
	}
	var t tailWatch
	_, _ = t.Write(data)
	if err == nil && t.open {
		return 0, errOpenHexString
	}
	return cmapEntries(data)
}

// cmapEntries replays the library's handling of "n beginbfchar ...
// endbfchar" blocks: it takes n from the stack and, at each end operator,
// pops and stores n entries whether or not they are there (and keeps n for
// a repeated end operator). A corrupt n would make it loop and allocate
// without bound, so n must be written as a plain number right before its
// begin operator and the total is capped.
func cmapEntries(data []byte) (int64, error) {
	l := newLexer(bytes.NewReader(data))
	var prev any
	n, total := int64(-1), int64(0)
	for {
		t, err := l.token()
		if err != nil {
			return total, nil
		}
		switch t {
		case pdfKeyword("begincodespacerange"), pdfKeyword("beginbfchar"), pdfKeyword("beginbfrange"):
			c, ok := prev.(int64)
			if !ok || c < 0 || c > maxCMapBlock {
				return 0, errBigCMap
			}
			n = c
		case pdfKeyword("endcodespacerange"), pdfKeyword("endbfchar"), pdfKeyword("endbfrange"):
			total += max(n, 0)
			if t == pdfKeyword("endcodespacerange") {
				n = -1
			}
		}
		if total > maxCMapEntries {
			return 0, errBigCMap
		}
		prev = t
	}
}
