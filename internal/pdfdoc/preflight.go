package pdfdoc

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// The pre-flight reads the cross-reference sections and object stream
// headers before github.com/ledongthuc/pdf does, because the library trusts
// the numbers it finds there: it allocates a table as long as the highest
// object number named (a corrupt digit can ask for terabytes, and running
// out of memory kills the whole process, which recover cannot catch),
// follows /Prev links without noticing a loop, and loops over an object
// stream's /N entries even after its data has ended. Checks here only
// reject what is out of bounds; anything this reader cannot parse is left
// to the library, which reports malformed files itself.

const (
	// maxObjects is the implementation limit on indirect objects in a PDF
	// (PDF 32000-1:2008, annex C). No real file comes near it.
	maxObjects = 8_388_607
	// tailLen is how much of the end of the file the library searches for
	// startxref and %%EOF.
	tailLen         = 100
	maxXrefSections = 1024    // incremental updates; a loop is caught before this
	maxXrefWidth    = 32      // sum of an xref stream's /W field widths
	maxFilters      = 8       // filters chained on one stream
	maxColumns      = 1 << 20 // PNG predictor columns; the library allocates this up front
	maxObjStmN      = 100_000 // objects in one object stream
	maxObjStmBytes  = 64 << 20
	objStmWindow    = 2048 // bytes read around "/ObjStm" to find its dictionary
)

var (
	errTooManyObjects = errors.New("cross-reference section names more objects than the file can hold")
	errXrefLoop       = errors.New("cross-reference sections refer to each other in a loop")
	errBadXrefStream  = errors.New("cross-reference stream has out-of-range fields")
	errBadObjStm      = errors.New("object stream has out-of-range fields")
	errBadFilters     = errors.New("stream has out-of-range decoding parameters")
)

// preflight checks the structure the library reads when opening the file,
// and reports whether the trailer asks for encryption.
func preflight(g io.ReaderAt, size int64) (encrypted bool, err error) {
	start, ok := findStartXref(g, size)
	if !ok {
		return false, nil
	}
	encrypted, err = checkXrefChain(g, size, start)
	if err != nil {
		return encrypted, err
	}
	return encrypted, checkObjStreams(g, size, encrypted)
}

// objectLimit bounds object numbers: never more than the PDF limit, nor
// more than one per byte of file (with room for small hand-made files).
func objectLimit(size int64) int64 {
	return min(maxObjects, max(size, 1<<16))
}

// findStartXref finds the offset after the last "startxref" line, exactly as
// the library does, so that both read the same cross-reference section.
func findStartXref(g io.ReaderAt, size int64) (int64, bool) {
	if size < tailLen {
		return 0, false
	}
	buf := make([]byte, tailLen)
	if _, err := g.ReadAt(buf, size-tailLen); err != nil && err != io.EOF {
		return 0, false
	}
	buf = bytes.TrimRight(buf, "\r\n\t ")
	if !bytes.HasSuffix(buf, []byte("%%EOF")) {
		return 0, false
	}
	i := findLastLine(buf, "startxref")
	if i < 0 {
		return 0, false
	}
	return newLexer(bytes.NewReader(buf[i+len("startxref"):])).int()
}

// findLastLine is the library's: the last s that has a line end on both sides.
func findLastLine(buf []byte, s string) int {
	end := len(buf)
	for {
		i := bytes.LastIndex(buf[:end], []byte(s))
		if i <= 0 || i+len(s) >= len(buf) {
			return -1
		}
		if isEOL(buf[i-1]) && isEOL(buf[i+len(s)]) {
			return i
		}
		end = i
	}
}

func isEOL(c byte) bool { return c == '\n' || c == '\r' }

// checkXrefChain follows the /Prev chain of cross-reference sections.
func checkXrefChain(g io.ReaderAt, size, off int64) (encrypted bool, err error) {
	limit := objectLimit(size)
	seen := make(map[int64]bool)
	for i := 0; ; i++ {
		if seen[off] {
			return encrypted, errXrefLoop
		}
		if i == maxXrefSections {
			return encrypted, errors.New("too many cross-reference sections")
		}
		seen[off] = true
		if off < 0 || off >= size {
			return encrypted, nil
		}
		l := newLexer(bufio.NewReader(io.NewSectionReader(g, off, size-off)))
		trailer, err := readXrefSection(l, limit)
		if errors.Is(err, errSyntax) {
			return encrypted, nil
		}
		if err != nil {
			return encrypted, err
		}
		if i == 0 {
			// Only the newest trailer counts, as for the library.
			encrypted = trailer["Encrypt"] != nil
		}
		prev, ok := trailer["Prev"].(int64)
		if !ok {
			return encrypted, nil
		}
		off = prev
	}
}

// readXrefSection reads a classic table or a cross-reference stream and
// returns its trailer dictionary.
func readXrefSection(l *lexer, limit int64) (pdfDict, error) {
	t, err := l.token()
	if err != nil {
		return nil, errSyntax
	}
	if t == pdfKeyword("xref") {
		return readXrefTable(l, limit)
	}
	if _, ok := t.(int64); ok {
		return readXrefStream(l, limit)
	}
	return nil, errSyntax
}

func readXrefTable(l *lexer, limit int64) (pdfDict, error) {
	for {
		t, err := l.token()
		if err != nil {
			return nil, errSyntax
		}
		if t == pdfKeyword("trailer") {
			break
		}
		start, ok1 := t.(int64)
		n, ok2 := l.int()
		if !ok1 || !ok2 || start < 0 || n < 0 {
			return nil, errSyntax
		}
		if start > limit || n > limit-start {
			return nil, errTooManyObjects
		}
		if !skipXrefEntries(l, n) {
			return nil, errSyntax
		}
	}
	v, err := l.object(0)
	trailer, ok := v.(pdfDict)
	if err != nil || !ok {
		return nil, errSyntax
	}
	return trailer, nil
}

// skipXrefEntries reads n "offset generation n|f" entries.
func skipXrefEntries(l *lexer, n int64) bool {
	for range n {
		_, ok1 := l.int()
		_, ok2 := l.int()
		t, _ := l.token()
		if !ok1 || !ok2 || t != pdfKeyword("n") && t != pdfKeyword("f") {
			return false
		}
	}
	return true
}

// readXrefStream reads "n g obj << ... >>" (n already read) and checks the
// fields the library sizes its buffers and tables from.
func readXrefStream(l *lexer, limit int64) (pdfDict, error) {
	if _, ok := l.int(); !ok || !l.keyword("obj") {
		return nil, errSyntax
	}
	v, err := l.object(0)
	d, ok := v.(pdfDict)
	if err != nil || !ok || d["Type"] != pdfName("XRef") {
		return nil, errSyntax
	}
	size, ok := d["Size"].(int64)
	if !ok {
		return nil, errSyntax
	}
	if size < 0 || size > limit {
		return nil, errTooManyObjects
	}
	if err := checkXrefW(d["W"]); err != nil {
		return nil, err
	}
	if err := checkXrefIndex(d["Index"], limit); err != nil {
		return nil, err
	}
	return d, checkRawFilters(d)
}

func checkXrefW(v any) error {
	w, ok := v.(pdfArray)
	if !ok {
		return errSyntax
	}
	total := int64(0)
	for _, x := range w {
		n, ok := x.(int64)
		if !ok || n < 0 || n > maxXrefWidth {
			return errBadXrefStream
		}
		total += n
	}
	if total > maxXrefWidth {
		return errBadXrefStream
	}
	return nil
}

func checkXrefIndex(v any, limit int64) error {
	index, ok := v.(pdfArray)
	if !ok {
		return nil // the library then uses [0 Size]
	}
	for i := 0; i+1 < len(index); i += 2 {
		start, ok1 := index[i].(int64)
		n, ok2 := index[i+1].(int64)
		if !ok1 || !ok2 {
			return nil // the library rejects the stream itself
		}
		if start < 0 || n < 0 || start > limit || n > limit-start {
			return errTooManyObjects
		}
	}
	return nil
}

// checkRawFilters bounds a stream dictionary's filter chain and predictor
// columns as found in the file. Indirect values are refused: here they
// cannot be looked at, and real files write these fields directly.
func checkRawFilters(d pdfDict) error {
	switch f := d["Filter"].(type) {
	case pdfRef:
		return errBadFilters
	case pdfArray:
		if len(f) > maxFilters {
			return errBadFilters
		}
	}
	parms := []any{d["DecodeParms"]}
	if a, ok := d["DecodeParms"].(pdfArray); ok {
		parms = a
	}
	for _, p := range parms {
		switch p := p.(type) {
		case pdfRef:
			return errBadFilters
		case pdfDict:
			if c, ok := p["Columns"]; ok && !inRange(c, 0, maxColumns) {
				return errBadFilters
			}
		}
	}
	return nil
}

func inRange(v any, lo, hi int64) bool {
	n, ok := v.(int64)
	return ok && lo <= n && n <= hi
}

// checkObjStreams finds every object stream dictionary in the file. Their
// dictionaries are never compressed (they may not live in another object
// stream), so a byte search finds them.
func checkObjStreams(g io.ReaderAt, size int64, encrypted bool) error {
	return scanFile(g, size, []byte("/ObjStm"), func(at int64) error {
		return checkObjStm(g, size, at, encrypted)
	})
}

// scanFile calls fn with the offset of each occurrence of pat.
func scanFile(g io.ReaderAt, size int64, pat []byte, fn func(int64) error) error {
	const chunk = 1 << 20
	buf := make([]byte, min(size, chunk)+int64(len(pat)))
	for base := int64(0); base < size; base += chunk {
		n, err := g.ReadAt(buf[:min(int64(len(buf)), size-base)], base)
		if err != nil && err != io.EOF {
			return nil // the library will meet the same read error
		}
		b := buf[:n]
		for i := 0; ; i++ {
			j := bytes.Index(b[i:], pat)
			if j < 0 || i+j >= chunk {
				break // a match starting in the overlap belongs to the next chunk
			}
			i += j
			if err := fn(base + int64(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkObjStm checks the object stream whose dictionary holds "/ObjStm" at
// offset at.
func checkObjStm(g io.ReaderAt, size, at int64, encrypted bool) error {
	from := max(0, at-objStmWindow)
	win := make([]byte, at-from+objStmWindow)
	n, _ := g.ReadAt(win, from)
	win = win[:n]
	obj := lastObjKeyword(win[:at-from])
	if obj < 0 {
		return nil
	}
	r := bytes.NewReader(win[obj:])
	l := newLexer(r)
	v, err := l.object(0)
	d, ok := v.(pdfDict)
	if err != nil || !ok || d["Type"] != pdfName("ObjStm") {
		return nil
	}
	if nv, ok := d["N"]; ok && !inRange(nv, 0, maxObjStmN) {
		return fmt.Errorf("%w: /N %v", errBadObjStm, nv)
	}
	if err := checkRawFilters(d); err != nil {
		return err
	}
	if encrypted || !l.keyword("stream") || !skipStreamEOL(r) {
		return nil // encrypted data cannot be read here, and the rest the library reports
	}
	data := from + int64(obj) + int64(len(win)-obj-r.Len())
	return checkObjStmData(g, size, data, d)
}

// lastObjKeyword returns the index just after the last "obj" keyword in b.
func lastObjKeyword(b []byte) int {
	for end := len(b); ; {
		i := bytes.LastIndex(b[:end], []byte("obj"))
		if i <= 0 {
			return -1
		}
		after := i + 3
		if isSpace(b[i-1]) && (after == len(b) || isSpace(b[after]) || isDelim(b[after])) {
			return after
		}
		end = i
	}
}

// skipStreamEOL skips the line end after "stream" as the library does.
func skipStreamEOL(r *bytes.Reader) bool {
	c, err := r.ReadByte()
	switch {
	case err != nil:
		return false
	case c == '\r':
		if c, err := r.ReadByte(); err == nil && c != '\n' {
			_ = r.UnreadByte()
		}
		return true
	}
	return c == '\n'
}

// checkObjStmData decodes an object stream the way the library will and
// checks it with checkStream. Only the common encodings are decoded; others
// are left alone.
func checkObjStmData(g io.ReaderAt, size, off int64, d pdfDict) error {
	var r io.Reader
	switch {
	case d["Filter"] == nil:
		n, ok := d["Length"].(int64)
		if !ok {
			return nil
		}
		r = io.NewSectionReader(g, off, n)
	case d["Filter"] == pdfName("FlateDecode") && d["DecodeParms"] == nil:
		// The zlib data ends itself, so /Length (often indirect) is not needed.
		zr, err := zlib.NewReader(io.NewSectionReader(g, off, size-off))
		if err != nil {
			return nil
		}
		r = zr
	default:
		return nil
	}
	if _, err := checkStream(r, maxObjStmBytes); err != nil {
		return fmt.Errorf("object stream: %w", err)
	}
	return nil
}
