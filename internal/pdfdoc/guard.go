package pdfdoc

import (
	"bytes"
	"io"
	"time"
)

// Time budgets. The library has no way to be cancelled, and a damaged
// cross-reference or page tree can send it round in circles, re-reading the
// file each time; guard stops it at its next read once the budget is
// spent. They are variables so that tests can shorten them.
var (
	openBudget = 10 * time.Second // opening, checking and counting pages
	textBudget = 5 * time.Second  // text extraction; what was read by then is kept
)

// overBudget is what guard panics with when time is up. It claims to be a
// runtime.Error because the library's readObjectRecover swallows other
// panics and carries on reading, but re-panics runtime errors.
type overBudget struct{}

func (overBudget) Error() string { return "reading the PDF took too long" }
func (overBudget) RuntimeError() {}

// guard is the io.ReaderAt the library reads through: it enforces the time
// budget and shows the library a header it accepts.
type guard struct {
	r        io.ReaderAt
	header   []byte // replaces the first bytes of the file, or nil
	deadline time.Time
}

func newGuard(r io.ReaderAt, budget time.Duration) *guard {
	return &guard{r: r, header: headerFix(r), deadline: time.Now().Add(budget)}
}

func (g *guard) setBudget(d time.Duration) { g.deadline = time.Now().Add(d) }

func (g *guard) expired() bool { return time.Now().After(g.deadline) }

func (g *guard) ReadAt(p []byte, off int64) (int, error) {
	if g.expired() {
		panic(overBudget{})
	}
	n, err := g.r.ReadAt(p, off)
	if off >= 0 && off < int64(len(g.header)) {
		copy(p[:n], g.header[off:])
	}
	return n, err
}

// headerFix returns a replacement header when the file's own would be
// refused by the library for no good reason: it accepts only "%PDF-1.0" to
// "%PDF-1.7" followed by CR or LF, but PDF 2.0 files read the same way and
// some writers put a space after the version. The replacement has the same
// length, so offsets in the file stay right.
func headerFix(r io.ReaderAt) []byte {
	var b [9]byte
	if n, _ := r.ReadAt(b[:], 0); n < len(b) || !bytes.HasPrefix(b[:], []byte("%PDF-")) || b[6] != '.' {
		return nil
	}
	v1 := b[5] == '1' && '0' <= b[7] && b[7] <= '7'
	v2 := b[5] == '2' && b[7] == '0'
	if !(v1 || v2) || !isSpace(b[8]) || v1 && isEOL(b[8]) {
		return nil // refused for good, or accepted as it is
	}
	return []byte("%PDF-1.7\n")
}
