package pdfdoc

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

type inspectCase struct {
	name    string
	data    func(testing.TB) []byte
	wantErr error    // nil: accepted
	pages   int      // when accepted
	words   []string // must be in Text
	absent  []string // must not be in Text
	textErr error    // TextErr must match with errors.Is; nil: must be nil
}

func runInspectCases(t *testing.T, cases []inspectCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			info, err := Inspect(bytes.NewReader(data), int64(len(data)))
			t.Logf("err: %v; pages %d, TextErr: %v", err, info.Pages, info.TextErr)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			checkInfo(t, tc, info)
		})
	}
}

func checkInfo(t *testing.T, tc inspectCase, info Info) {
	t.Helper()
	if info.Pages != tc.pages {
		t.Errorf("Pages = %d, want %d", info.Pages, tc.pages)
	}
	checkTextErr(t, tc, info.TextErr)
	checkText(t, tc, info.Text)
}

func checkTextErr(t *testing.T, tc inspectCase, err error) {
	t.Helper()
	switch {
	case tc.textErr == nil && err != nil:
		t.Errorf("TextErr = %v, want nil", err)
	case tc.textErr != nil && !errors.Is(err, tc.textErr):
		t.Errorf("TextErr = %v, want %v", err, tc.textErr)
	}
}

func checkText(t *testing.T, tc inspectCase, text string) {
	t.Helper()
	for _, w := range tc.words {
		if !strings.Contains(text, w) {
			t.Errorf("Text lacks %q; Text = %.300q", w, text)
		}
	}
	for _, w := range tc.absent {
		if strings.Contains(text, w) {
			t.Errorf("Text has %q", w)
		}
	}
	if !utf8.ValidString(text) || len(text) > maxText {
		t.Errorf("Text is not valid UTF-8 or too long (%d bytes)", len(text))
	}
	if strings.Contains(text, "  ") || strings.TrimSpace(text) != text {
		t.Errorf("white space not collapsed: %.200q", text)
	}
}

func truncated(t testing.TB) []byte {
	d := writeDoc(t, knownWords)
	return d[:len(d)/2]
}

func randomBytes(testing.TB) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func constant(s string) func(testing.TB) []byte {
	return func(testing.TB) []byte { return []byte(s) }
}

func TestInspect(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{
			name:  "three pages with known words",
			data:  func(t testing.TB) []byte { return writeDoc(t, knownWords) },
			pages: 3,
			words: []string{"Water Quality Report", "the annual report on water quality.",
				"Café society – l’été", "Third page: recommendations"},
		},
		{
			name:   "200 pages, text from the first 100",
			data:   func(t testing.TB) []byte { return fpdfDoc(t, 200, nil) },
			pages:  200,
			words:  []string{"marker0001", "marker0100"},
			absent: []string{"marker0101"},
		},
	})
}

func TestInspectProtectedAndOdd(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{
			name: "user password",
			data: func(t testing.TB) []byte {
				return fpdfDoc(t, 1, func(f *fpdf.Fpdf) { f.SetProtection(fpdf.CnProtectPrint, "secret", "owner") })
			},
			wantErr: ErrEncrypted,
		},
		{
			name: "owner password only opens with the empty user password",
			data: func(t testing.TB) []byte {
				return fpdfDoc(t, 2, func(f *fpdf.Fpdf) { f.SetProtection(fpdf.CnProtectPrint, "", "owner") })
			},
			pages:   2,
			textErr: errWeakEncryption, // fpdf only writes 40-bit RC4
		},
		{
			name: "uncompressed",
			data: func(t testing.TB) []byte {
				return fpdfDoc(t, 3, func(f *fpdf.Fpdf) { f.SetCompression(false) })
			},
			pages: 3,
			words: []string{"marker0003"},
		},
		{
			name: "PDF 2.0 header",
			data: func(t testing.TB) []byte {
				d := fpdfDoc(t, 1, nil)
				return append([]byte("%PDF-2.0"), d[len("%PDF-1.3"):]...)
			},
			pages: 1,
			words: []string{"marker0001"},
		},
		{
			name: "no text at all",
			data: func(t testing.TB) []byte {
				f := fpdf.New("P", "mm", "A4", "")
				f.AddPage()
				f.Rect(20, 20, 50, 50, "F")
				var b bytes.Buffer
				_ = f.Output(&b)
				return b.Bytes()
			},
			pages:   1,
			textErr: errNoText,
		},
	})
}

func TestInspectRefuses(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{name: "too many pages", data: func(t testing.TB) []byte { return fpdfDoc(t, MaxPages+1, nil) }, wantErr: ErrTooManyPages},
		{name: "truncated", data: truncated, wantErr: ErrNotPDF},
		{name: "random bytes", data: randomBytes, wantErr: ErrNotPDF},
		{name: "PDF header then garbage", data: constant("%PDF-1.4 garbage"), wantErr: ErrNotPDF},
		{name: "PDF header line then garbage", data: constant("%PDF-1.4\n" + strings.Repeat("garbage ", 50) + "\n%%EOF\n"), wantErr: ErrNotPDF},
		{name: "empty", data: constant(""), wantErr: ErrNotPDF},
	})
}

func TestInspectNilReader(t *testing.T) {
	if _, err := Inspect(nil, 10); !errors.Is(err, ErrNotPDF) {
		t.Fatalf("err = %v, want ErrNotPDF", err)
	}
}

// The time budgets are the last line of defence against the library
// looping; check that spending them refuses the file or stops the text.
func TestBudgets(t *testing.T) {
	doc := fpdfDoc(t, 3, nil)
	defer func(o, x time.Duration) { openBudget, textBudget = o, x }(openBudget, textBudget)

	openBudget = -1
	if _, err := Inspect(bytes.NewReader(doc), int64(len(doc))); !errors.Is(err, ErrNotPDF) || !strings.Contains(err.Error(), "too long") {
		t.Errorf("open budget spent: err = %v", err)
	}
	openBudget, textBudget = 10*time.Second, -1
	info, err := Inspect(bytes.NewReader(doc), int64(len(doc)))
	if err != nil || info.Pages != 3 || !errors.Is(info.TextErr, errTextTime) {
		t.Errorf("text budget spent: info = %+v, err = %v", info, err)
	}
}

func BenchmarkInspect200Pages(b *testing.B) {
	doc := fpdfDoc(b, 200, nil)
	for b.Loop() {
		info, err := Inspect(bytes.NewReader(doc), int64(len(doc)))
		if err != nil || info.Pages != 200 {
			b.Fatal(info.Pages, err)
		}
	}
}
