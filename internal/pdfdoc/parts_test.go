package pdfdoc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextBuf(t *testing.T) {
	long := strings.Repeat("é", maxText) // 2 bytes a rune: must be cut on a boundary
	tests := []struct {
		name string
		in   []string
		want string
	}{
		{"collapses white space", []string{"  a\n\tb  ", "\nc  d "}, "a b c d"},
		{"pages are separated", []string{"end", "start"}, "end start"},
		{"control and replacement characters separate", []string{"a\x00b\ufffdc\x01"}, "a b c"},
		{"invalid UTF-8 separates", []string{"a\xffb"}, "a b"},
		{"nothing", []string{" \n", ""}, ""},
		{"cut on a rune boundary", []string{"x", long}, "x " + strings.Repeat("é", (maxText-2)/2)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b textBuf
			for _, s := range tc.in {
				b.add(s)
			}
			got := b.String()
			if got != tc.want {
				t.Errorf("got %.80q (%d bytes), want %.80q (%d bytes)", got, len(got), tc.want, len(tc.want))
			}
			if !utf8.ValidString(got) || len(got) > maxText {
				t.Errorf("invalid or too long: %d bytes", len(got))
			}
		})
	}
}

func TestTextBufStopsWhenFull(t *testing.T) {
	var b textBuf
	word := strings.Repeat("w", 1000)
	for range 2 * maxText / len(word) {
		b.add(word)
	}
	if !b.full || len(b.String()) != maxText {
		t.Fatalf("full = %v, len = %d, want full at %d", b.full, len(b.String()), maxText)
	}
}

func TestCheckStream(t *testing.T) {
	tests := []struct {
		name, data string
		limit      int64
		want       error
	}{
		{"plain", "BT (a) Tj ET", 100, nil},
		{"closed hex", "<4142> Tj", 100, nil},
		{"dictionary at the end", "<< /A 1 >>", 100, nil},
		{"open hex", "(a) Tj <4142", 100, errOpenHexString},
		{"open hex with spaces", "<41 42\n 4", 100, errOpenHexString},
		{"lone <", "BT <", 100, errOpenHexString},
		{"hex ended by other text", "<41 x", 100, nil},
		{"too large", strings.Repeat("a", 101), 100, errStreamTooLarge},
		{"at the limit", strings.Repeat("a", 100), 100, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := checkStream(strings.NewReader(tc.data), tc.limit); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// The hex check must also work when the '<' and the end of the data come
// in different writes.
func TestTailWatchAcrossWrites(t *testing.T) {
	var w tailWatch
	for _, p := range []string{"BT <", "41 42", " 4"} {
		_, _ = w.Write([]byte(p))
	}
	if !w.open {
		t.Error("open hex string across writes not seen")
	}
	_, _ = w.Write([]byte("> Tj"))
	if w.open {
		t.Error("closed hex string still open")
	}
}

func TestCMapEntries(t *testing.T) {
	tests := []struct {
		name, cmap string
		want       int64
		err        error
	}{
		{"ordinary", cmapHead + "2 beginbfchar <01> <41> <02> <42> endbfchar 1 beginbfrange <03> <05> <43> endbfrange", 1 + 2 + 1, nil},
		{"comment before begin", "2 % two entries\nbeginbfchar <01> <41> <02> <42> endbfchar", 2, nil},
		{"count not a number", "/n beginbfchar endbfchar", 0, errBigCMap},
		{"count too large", "10001 beginbfrange endbfrange", 0, errBigCMap},
		{"negative count", "-1 beginbfchar endbfchar", 0, errBigCMap},
		{"too many in total", strings.Repeat("10000 beginbfchar endbfchar\n", 7), 0, errBigCMap},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cmapEntries([]byte(tc.cmap))
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Errorf("got %d, %v; want %d, %v", got, err, tc.want, tc.err)
			}
		})
	}
}

func TestHeaderFix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"%PDF-1.4\n%...", ""},  // accepted as it is
		{"%PDF-1.7\r\n%..", ""}, // accepted as it is
		{"%PDF-2.0\n%...", "%PDF-1.7\n"},
		{"%PDF-1.5 \n%..", "%PDF-1.7\n"},
		{"%PDF-1.4 garbage", "%PDF-1.7\n"}, // the rest is then judged as usual
		{"%PDF-3.0\n%...", ""},
		{"%PDF-1.9\n%...", ""},
		{"%PDF-1.4", ""},
		{"GIF89a...", ""},
	}
	for _, tc := range tests {
		if got := string(headerFix(strings.NewReader(tc.in))); got != tc.want {
			t.Errorf("headerFix(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLexerObject(t *testing.T) {
	in := "<< /Type /XRef /Size 12 /W [1 4 2] /Root 1 0 R /ID [<0a0b> (x\\)y(z))] /N#61me null /Sub << /A -3 >> >> stream"
	l := newLexer(bytes.NewReader([]byte(in)))
	v, err := l.object(0)
	if err != nil {
		t.Fatal(err)
	}
	d := v.(pdfDict)
	checks := map[pdfName]any{
		"Type": pdfName("XRef"), "Size": int64(12), "Root": pdfRef{1, 0}, "Name": nil, // /N#61me
	}
	for k, want := range checks {
		if got, ok := d[k]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, want)
		}
	}
	if w, ok := d["W"].(pdfArray); !ok || len(w) != 3 || w[1] != int64(4) {
		t.Errorf("W = %v", d["W"])
	}
	if id, ok := d["ID"].(pdfArray); !ok || len(id) != 2 {
		t.Errorf("ID = %v", d["ID"])
	}
	if sub, ok := d["Sub"].(pdfDict); !ok || sub["A"] != int64(-3) {
		t.Errorf("Sub = %v", d["Sub"])
	}
	if !l.keyword("stream") {
		t.Error("stream keyword not next")
	}
}

func TestLexerLimits(t *testing.T) {
	deep := strings.Repeat("[", maxLexDepth+2) + strings.Repeat("]", maxLexDepth+2)
	if _, err := newLexer(strings.NewReader(deep)).object(0); !errors.Is(err, errSyntax) {
		t.Errorf("deep nesting: err = %v", err)
	}
	wide := "[" + strings.Repeat("1 ", maxLexItems+1) + "]"
	if _, err := newLexer(strings.NewReader(wide)).object(0); !errors.Is(err, errSyntax) {
		t.Errorf("too many items: err = %v", err)
	}
}

func TestWriteOddText(t *testing.T) {
	// Invalid UTF-8 and characters outside the BMP must not upset fpdf.
	var b bytes.Buffer
	if err := Write(&b, "Bad \xff title 😀", "Au\xe2thor", []string{"Emoji 😀 and \xff bytes", "ünïcödé"}); err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil || !strings.Contains(info.Text, "ünïcödé") {
		t.Fatalf("info = %+v, err = %v", info, err)
	}
}
