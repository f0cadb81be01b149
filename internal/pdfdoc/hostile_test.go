package pdfdoc

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
)

// Hand-made files for the shapes that make github.com/ledongthuc/pdf hang,
// loop or allocate without bound. Each comment says what the library
// would do without the guard; for several that is fatal to the process,
// so a regression shows as a crashed or stuck test run.

func withObj(i int, obj string) func(testing.TB) []byte {
	return func(testing.TB) []byte {
		objs := simplePage()
		objs[i] = obj
		return rawDoc{objs: objs}.bytes()
	}
}

func withCMap(cmap string) func(testing.TB) []byte {
	return func(testing.TB) []byte {
		objs := simplePage()
		objs[3] = rawStream("", "BT /F1 12 Tf 72 700 Td <00010002> Tj ET")
		objs[4] = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>"
		objs = append(objs, rawStream("", cmap))
		return rawDoc{objs: objs}.bytes()
	}
}

func replaced(doc func(testing.TB) []byte, old, new string) func(testing.TB) []byte {
	return func(t testing.TB) []byte {
		d := doc(t)
		if !bytes.Contains(d, []byte(old)) {
			t.Fatalf("%q not in document", old)
		}
		return bytes.Replace(d, []byte(old), []byte(new), 1)
	}
}

func raw(d rawDoc) func(testing.TB) []byte {
	return func(testing.TB) []byte { return d.bytes() }
}

func twoPagesFirstBroken(testing.TB) []byte {
	objs := simplePage()
	objs[1] = "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
	objs[3] = rawStream("", "BT /F1 12 Tf 72 700 Td (Lost words) Tj <48656C")
	objs = append(objs,
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		rawStream("", "BT /F1 12 Tf 72 700 Td (Second page survives) Tj ET"))
	return rawDoc{objs: objs}.bytes()
}

func zlibText(s string) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return z.String()
}

func bomb(testing.TB) []byte {
	objs := simplePage()
	objs[3] = rawStream("/Filter /FlateDecode", zlibText(strings.Repeat(" ", maxContentBytes+1)))
	return rawDoc{objs: objs}.bytes()
}

const cmapHead = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
	"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"

// Hand-made files: the builder's own, and page trees that are odd or empty.
func TestInspectHandMade(t *testing.T) {
	simple := raw(rawDoc{objs: simplePage()})
	hello := []string{"Hello hostile world"}
	runInspectCases(t, []inspectCase{
		{name: "hand-made baseline", data: simple, pages: 1, words: hello},
		{
			name:  "cross-reference stream and object stream",
			data:  raw(rawDoc{objs: simplePage(), xrefStream: true, objStm: []int{2, 3, 5}}),
			pages: 1, words: hello,
		},
		{name: "pages node without /Type", data: withObj(1, "<< /Kids [3 0 R] /Count 1 >>"), pages: 1, words: hello},
		{name: "no page tree", data: withObj(0, "<< /Type /Catalog >>"), wantErr: ErrNotPDF},
		{name: "empty page tree", data: withObj(1, "<< /Type /Pages /Kids [] /Count 0 >>"), wantErr: ErrNotPDF},
	})
}

// Damaged structure: refused, where the library would hang or crash.
func TestInspectHostileStructure(t *testing.T) {
	simple := raw(rawDoc{objs: simplePage()})
	runInspectCases(t, []inspectCase{
		// The library's Page(n) loops forever on this.
		{name: "page tree lists itself", data: withObj(1, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"), wantErr: ErrNotPDF},
		// The library would allocate a 128 GB table: fatal.
		{name: "xref table names object 4000000000", data: replaced(simple, "xref\n0 6", "xref\n4000000000 6"), wantErr: ErrNotPDF},
		// The library follows /Prev round and round.
		{name: "xref table Prev loop", data: raw(rawDoc{objs: simplePage(), trailer: "/Prev {xref}"}), wantErr: ErrNotPDF},
		{name: "xref stream Prev loop", data: raw(rawDoc{objs: simplePage(), xrefStream: true, trailer: "/Prev {xref}"}), wantErr: ErrNotPDF},
		// The library would allocate 320 GB (Size) or 1 TB (W): fatal.
		{name: "xref stream with huge Size", data: raw(rawDoc{objs: simplePage(), xrefStream: true, trailer: "/Size 9999999999"}), wantErr: ErrNotPDF},
		{name: "xref stream with huge W", data: raw(rawDoc{objs: simplePage(), xrefStream: true, trailer: "/W [1 4 999999999999]"}), wantErr: ErrNotPDF},
		{name: "xref stream with far Index", data: raw(rawDoc{objs: simplePage(), xrefStream: true, trailer: "/Index [4000000000 8]"}), wantErr: ErrNotPDF},
		{name: "xref stream with huge Columns", data: raw(rawDoc{objs: simplePage(), xrefStream: true,
			trailer: "/DecodeParms << /Predictor 12 /Columns 99999999999 >>"}), wantErr: ErrNotPDF},
		// The library reads N entries for each object it looks for and does
		// not find in the stream, long after the data has ended.
		{name: "object stream with huge N", data: raw(rawDoc{objs: simplePage(), xrefStream: true, objStm: []int{2, 3, 5},
			objStmDict: "/N 99999999999"}), wantErr: ErrNotPDF},
		// The library waits forever for the closing '>'.
		{name: "object stream ends inside hex string", data: raw(rawDoc{objs: simplePage(), xrefStream: true, objStm: []int{2, 3, 5},
			objStmTail: " <41"}), wantErr: ErrNotPDF},
	})
}

// Damaged content: accepted without the text, where the library would hang
// or crash.
func TestInspectHostileText(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{
			name:    "content ends inside hex string",
			data:    withObj(3, rawStream("", "BT /F1 12 Tf 72 700 Td (Hello) Tj <48656C")),
			pages:   1,
			textErr: errOpenHexString,
		},
		{
			name:  "one broken page, one good",
			data:  twoPagesFirstBroken,
			pages: 2, words: []string{"Second page survives"}, absent: []string{"Lost"},
			textErr: errOpenHexString,
		},
		{name: "content decodes to too much", data: bomb, pages: 1, textErr: errStreamTooLarge},
		// 20 nested decompressors are harmless; millions overflow the stack.
		{name: "filter chain too long", data: withObj(3, rawStream("/Filter ["+strings.Repeat("/FlateDecode ", 20)+"]", "x")),
			pages: 1, textErr: errBadFilters},
		// The library would allocate 100 GB: fatal.
		{name: "content with huge Columns", data: withObj(3, rawStream("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 99999999999 >>", zlibText("BT ET"))),
			pages: 1, textErr: errBadFilters},
	})
}

func TestInspectFonts(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{name: "valid ToUnicode map", data: withCMap(cmapHead + "2 beginbfchar <0001> <0048> <0002> <0069> endbfchar endcmap"),
			pages: 1, words: []string{"Hi"}},
		// The library would append a billion entries: fatal.
		{name: "ToUnicode map announces a billion entries", data: withCMap(cmapHead + "1000000000 beginbfchar <0001> <0048> endbfchar"),
			pages: 1, textErr: errBigCMap},
		{name: "ToUnicode map repeats its end operator", data: withCMap(cmapHead + "100 beginbfchar <0001> <0048> " + strings.Repeat("endbfchar ", 1000)),
			pages: 1, textErr: errBigCMap},
		{name: "ToUnicode map ends inside hex string", data: withCMap(cmapHead + "1 beginbfchar <0001> <00"),
			pages: 1, textErr: errOpenHexString},
		// 60 000 content bytes × 1000 entries × 10 is over maxPageCost: skipped.
		{name: "page too costly to decode", data: func(testing.TB) []byte {
			objs := simplePage()
			objs[3] = rawStream("", "BT /F1 12 Tf 72 700 Td ("+strings.Repeat("z", 60_000)+") Tj ET")
			objs[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [0" + strings.Repeat(" /a", 1000) + "] >> >>"
			return rawDoc{objs: objs}.bytes()
		}, pages: 1, textErr: errPageTooComplex},
		{name: "huge Differences", data: withObj(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [0"+
			strings.Repeat(" /a", 2000)+"] >> >>"), pages: 1, textErr: errBigEncoding},
	})
}

func TestInspectEncryption(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{name: "RC4 128-bit, owner password only", data: rc4Doc(""), pages: 1, words: []string{"Hello hostile world"}},
		{name: "RC4 128-bit, user password", data: rc4Doc("secret"), wantErr: ErrEncrypted},
		{name: "AES-256", data: raw(rawDoc{objs: append(simplePage(), "<< /Filter /Standard /V 5 /R 6 /Length 256 /O <00> /U <00> /P -4 >>"),
			trailer: "/Encrypt 6 0 R /ID [<00> <00>]"}), wantErr: ErrEncrypted},
	})
}

// pdfPad is the padding of PDF 32000-1:2008, algorithm 2.
var pdfPad = []byte{
	0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
}

// rc4Doc encrypts the simple page with 128-bit RC4 (revision 3) and the
// user password pw, as Acrobat 5 to 8 did. fpdf only writes 40-bit RC4.
func rc4Doc(pw string) func(testing.TB) []byte {
	return func(testing.TB) []byte {
		id := []byte("0123456789abcdef")
		o := bytes.Repeat([]byte{0x42}, 32) // only used to check an owner password
		const p = -4
		key := rc4FileKey(pw, o, p, id)
		u := append(rc4U(key, id), make([]byte, 16)...)
		objs := simplePage()
		content := []byte("BT /F1 12 Tf 72 700 Td (Hello hostile world) Tj ET")
		rc4XOR(objectKey(key, 4), content)
		objs[3] = rawStream("", string(content))
		objs = append(objs, fmt.Sprintf("<< /Filter /Standard /V 2 /R 3 /Length 128 /O <%x> /U <%x> /P %d >>", o, u, p))
		return rawDoc{objs: objs, trailer: fmt.Sprintf("/Encrypt 6 0 R /ID [<%x> <%x>]", id, id)}.bytes()
	}
}

// rc4FileKey is algorithm 2 for revision 3 and a 16-byte key.
func rc4FileKey(pw string, o []byte, p int32, id []byte) []byte {
	h := md5.New()
	h.Write(append([]byte(pw), pdfPad...)[:32])
	h.Write(o)
	_ = binary.Write(h, binary.LittleEndian, p)
	h.Write(id)
	key := h.Sum(nil)
	for range 50 {
		s := md5.Sum(key)
		key = s[:]
	}
	return key
}

// rc4U is algorithm 5: the /U value that proves a user password.
func rc4U(key, id []byte) []byte {
	h := md5.New()
	h.Write(pdfPad)
	h.Write(id)
	u := h.Sum(nil)
	for i := range 20 {
		k := bytes.Clone(key)
		for j := range k {
			k[j] ^= byte(i)
		}
		rc4XOR(k, u)
	}
	return u
}

// objectKey is algorithm 1 for a 16-byte key and generation 0.
func objectKey(key []byte, num int) []byte {
	s := md5.Sum(append(bytes.Clone(key), byte(num), byte(num>>8), byte(num>>16), 0, 0))
	return s[:]
}

func rc4XOR(key, b []byte) {
	c, err := rc4.NewCipher(key)
	if err != nil {
		panic(err)
	}
	c.XORKeyStream(b, b)
}
