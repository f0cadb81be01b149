package testkit

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// Gradient is an image with detail in both directions, so that scaling has
// something to do and a wrong stride or offset would show.
func Gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 0xFF})
		}
	}
	return m
}

// JPEG is a w×h gradient as a JPEG file.
func JPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, Gradient(w, h), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// PNG is a w×h opaque gradient as a PNG file.
func PNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, Gradient(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// AlphaPNG is a w×h PNG whose top quarter is transparent, to check that
// PNG variants keep alpha.
func AlphaPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(0xFF)
			if y < h/4 {
				a = 0
			}
			m.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 0x80, a})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// GIF is a w×h two-frame animation; the second frame covers only part of
// the screen.
func GIF(t testing.TB, w, h int) []byte {
	t.Helper()
	f1 := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
	for y := range h {
		for x := range w {
			f1.SetColorIndex(x, y, uint8((x+y)%256))
		}
	}
	f2 := image.NewPaletted(image.Rect(w/4, h/4, w/2, h/2), palette.Plan9)
	g := &gif.GIF{Image: []*image.Paletted{f1, f2}, Delay: []int{50, 50}}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// PDF is a one-page PDF document saying "Test document", with a correct
// cross-reference table: the smallest file a PDF reader opens.
const PDF = "%PDF-1.4\n" +
	"1 0 obj\n" +
	"<< /Type /Catalog /Pages 2 0 R >>\n" +
	"endobj\n" +
	"2 0 obj\n" +
	"<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n" +
	"endobj\n" +
	"3 0 obj\n" +
	"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\n" +
	"endobj\n" +
	"4 0 obj\n" +
	"<< /Length 44 >>\n" +
	"stream\n" +
	"BT /F1 12 Tf 20 100 Td (Test document) Tj ET\n" +
	"endstream\n" +
	"endobj\n" +
	"5 0 obj\n" +
	"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\n" +
	"endobj\n" +
	"xref\n" +
	"0 6\n" +
	"0000000000 65535 f \n" +
	"0000000009 00000 n \n" +
	"0000000058 00000 n \n" +
	"0000000115 00000 n \n" +
	"0000000241 00000 n \n" +
	"0000000335 00000 n \n" +
	"trailer\n" +
	"<< /Size 6 /Root 1 0 R >>\n" +
	"startxref\n" +
	"405\n" +
	"%%EOF\n"

// PNGHeader is a PNG that is only a signature and an IHDR chunk (with a
// correct CRC) claiming w×h RGBA pixels: enough for png.DecodeConfig, and a
// decompression bomb if anyone allocated what it claims.
func PNGHeader(w, h uint32) []byte { return pngHeader(w, h, 8) }

// PNG16Header is PNGHeader at 16 bits a channel: eight bytes a pixel.
func PNG16Header(w, h uint32) []byte { return pngHeader(w, h, 16) }

func pngHeader(w, h uint32, depth byte) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8] = depth
	ihdr[9] = 6 // colour type RGBA
	b := []byte("\x89PNG\r\n\x1A\n")
	b = pngChunk(b, "IHDR", ihdr[:])
	b = pngChunk(b, "IDAT", []byte{0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return pngChunk(b, "IEND", nil)
}

func pngChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	return binary.BigEndian.AppendUint32(b, crc.Sum32())
}

// TinyWebP is the 3×2 blue WebP stored as internal/media/testdata/tiny.webp
// (a test there pins the file to these bytes).
func TinyWebP() []byte {
	return LosslessWebP(3, 2, color.NRGBA{0x20, 0x80, 0xC0, 0xFF})
}

// LosslessWebP writes a lossless (VP8L) WebP of one colour by hand: Go has
// no WebP encoder. With a single symbol in each of the five prefix codes,
// every code has length zero, so the pixel data takes no bits at all and
// any size costs about 30 bytes.
func LosslessWebP(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.put(0x2F, 8)         // VP8L signature
	bw.put(uint32(w-1), 14) // width - 1
	bw.put(uint32(h-1), 14) // height - 1
	bw.put(0, 1)            // alpha_is_used: a hint only
	bw.put(0, 3)            // version 0
	bw.put(0, 1)            // no transform
	bw.put(0, 1)            // no colour cache
	bw.put(0, 1)            // no meta prefix codes: one group for the image
	for _, sym := range []uint8{c.G, c.R, c.B, c.A} {
		bw.put(1, 1) // simple code
		bw.put(0, 1) // one symbol
		bw.put(1, 1) // of 8 bits
		bw.put(uint32(sym), 8)
	}
	bw.put(1, 1) // distance code: simple,
	bw.put(0, 1) // one symbol
	bw.put(0, 1) // of 1 bit:
	bw.put(0, 1) // 0 (never used: there are no back-references)
	data := bw.bytes()

	chunk := append([]byte("VP8L"), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	chunk = append(chunk, data...)
	if len(data)%2 == 1 {
		chunk = append(chunk, 0) // RIFF chunks are padded to even length
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+len(chunk)))
	out = append(out, "WEBP"...)
	return append(out, chunk...)
}

// bitWriter packs bits least significant first, as VP8L reads them.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (bw *bitWriter) put(v uint32, n uint) {
	bw.acc |= uint64(v) << bw.nbits
	bw.nbits += n
	for bw.nbits >= 8 {
		bw.buf = append(bw.buf, byte(bw.acc))
		bw.acc >>= 8
		bw.nbits -= 8
	}
}

func (bw *bitWriter) bytes() []byte {
	if bw.nbits > 0 {
		return append(bw.buf, byte(bw.acc))
	}
	return bw.buf
}
