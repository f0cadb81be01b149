package pdfdoc

import (
	"bytes"
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// FuzzInspect checks that no input makes Inspect panic, hang or fail with
// anything but its three errors. The seeds cover each structure the
// pre-checks read: classic tables, cross-reference and object streams,
// compressed and plain content, character maps and encryption.
func FuzzInspect(f *testing.F) {
	seeds := [][]byte{
		writeDoc(f, knownWords),
		fpdfDoc(f, 2, func(p *fpdf.Fpdf) { p.SetCompression(false) }),
		fpdfDoc(f, 1, func(p *fpdf.Fpdf) { p.SetProtection(fpdf.CnProtectPrint, "secret", "owner") }),
		rawDoc{objs: simplePage()}.bytes(),
		rawDoc{objs: simplePage(), xrefStream: true, objStm: []int{2, 3, 5}}.bytes(),
		withCMap(cmapHead + "2 beginbfchar <0001> <0048> <0002> <0069> endbfchar endcmap")(f),
		rc4Doc("")(f),
		truncated(f),
		randomBytes(f),
		[]byte("%PDF-1.4 garbage"),
		[]byte(""),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		info, err := Inspect(bytes.NewReader(data), int64(len(data)))
		// Far beyond any seed's time; a budget was spent, so look at it.
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
		if err != nil {
			if !errors.Is(err, ErrNotPDF) && !errors.Is(err, ErrEncrypted) && !errors.Is(err, ErrTooManyPages) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if info.Pages < 1 || info.Pages > MaxPages || len(info.Text) > maxText || !utf8.ValidString(info.Text) {
			t.Fatalf("bad info: pages %d, %d bytes of text, valid %v", info.Pages, len(info.Text), utf8.ValidString(info.Text))
		}
	})
}
