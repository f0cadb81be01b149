package pdfdoc

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// knownWords is the text of the three-page document used by several tests.
var knownWords = []string{
	"First page: the annual report on water quality.",
	"\f",
	"Second page: Café society – l’été in the river basin.",
	"\f",
	"Third page: recommendations and annexes.",
}

func writeDoc(t testing.TB, paragraphs []string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, "Water Quality Report", "Policy Unit", paragraphs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fpdfDoc makes an n-page document with fpdf directly; page i says
// "marker%04d" so tests can tell which pages were read. setup may change the
// document before the pages are added (protection, compression).
func fpdfDoc(t testing.TB, n int, setup func(*fpdf.Fpdf)) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	if setup != nil {
		setup(f)
	}
	f.SetFont("Helvetica", "", 12)
	for i := 1; i <= n; i++ {
		f.AddPage()
		f.Cell(0, 10, fmt.Sprintf("Page text marker%04d end", i))
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rawDoc assembles small PDFs by hand, for shapes fpdf never writes:
// damaged structures and cross-reference streams with object streams.
type rawDoc struct {
	header  string   // first line; "%PDF-1.7" if empty
	objs    []string // object i+1 is objs[i], without "obj" and "endobj"
	trailer string   // extra trailer entries; "{xref}" becomes the xref offset
	// With xrefStream, a cross-reference stream replaces the table, and the
	// objects numbered in objStm go into a compressed object stream.
	xrefStream bool
	objStm     []int
	objStmDict string // extra entries for the object stream dictionary
	objStmTail string // appended to the object stream's decoded data
}

func rawStream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// simplePage is a one-page document whose page says "Hello hostile world";
// tests change its objects.
func simplePage() []string {
	return []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		rawStream("", "BT /F1 12 Tf 72 700 Td (Hello hostile world) Tj ET"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
}

func (d rawDoc) bytes() []byte {
	var b bytes.Buffer
	header := d.header
	if header == "" {
		header = "%PDF-1.7"
	}
	b.WriteString(header + "\n%\xe2\xe3\xcf\xd3\n")
	inStm := map[int]int{} // object number -> index in the object stream
	for i, n := range d.objStm {
		inStm[n] = i
	}
	offs := make([]int, len(d.objs)+3)
	for i, o := range d.objs {
		if _, ok := inStm[i+1]; ok && d.xrefStream {
			continue
		}
		offs[i+1] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	if !d.xrefStream {
		d.writeTable(&b, offs)
		return b.Bytes()
	}
	stm := len(d.objs) + 1
	offs[stm] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", stm, d.objStream())
	d.writeXrefStream(&b, offs, inStm)
	return b.Bytes()
}

func (d rawDoc) writeTable(b *bytes.Buffer, offs []int) {
	xref := b.Len()
	fmt.Fprintf(b, "xref\n0 %d\n0000000000 65535 f \n", len(d.objs)+1)
	for _, o := range offs[1 : len(d.objs)+1] {
		fmt.Fprintf(b, "%010d 00000 n \n", o)
	}
	trailer := strings.ReplaceAll(d.trailer, "{xref}", fmt.Sprint(xref))
	fmt.Fprintf(b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(d.objs)+1, trailer, xref)
}

// objStream packs the objects listed in objStm into a compressed object
// stream.
func (d rawDoc) objStream() string {
	var head, body strings.Builder
	for _, n := range d.objStm {
		fmt.Fprintf(&head, "%d %d ", n, body.Len())
		body.WriteString(d.objs[n-1] + "\n")
	}
	data := head.String() + body.String() + d.objStmTail
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write([]byte(data))
	_ = zw.Close()
	dict := fmt.Sprintf("/Type /ObjStm /N %d /First %d /Filter /FlateDecode %s", len(d.objStm), head.Len(), d.objStmDict)
	return rawStream(dict, z.String())
}

func (d rawDoc) writeXrefStream(b *bytes.Buffer, offs []int, inStm map[int]int) {
	stm, self := len(d.objs)+1, len(d.objs)+2
	offs[self] = b.Len()
	var data bytes.Buffer
	entry := func(typ byte, f2 uint32, f3 uint16) {
		data.WriteByte(typ)
		_ = binary.Write(&data, binary.BigEndian, f2)
		_ = binary.Write(&data, binary.BigEndian, f3)
	}
	entry(0, 0, 65535)
	for n := 1; n <= self; n++ {
		if i, ok := inStm[n]; ok {
			entry(2, uint32(stm), uint16(i))
		} else {
			entry(1, uint32(offs[n]), 0)
		}
	}
	trailer := strings.ReplaceAll(d.trailer, "{xref}", fmt.Sprint(offs[self]))
	dict := fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R %s", self+1, trailer)
	fmt.Fprintf(b, "%d 0 obj\n%s\nendobj\nstartxref\n%d\n%%%%EOF\n", self, rawStream(dict, data.String()), offs[self])
}
