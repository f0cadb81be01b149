package media

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"orgsite/internal/testkit"

	"golang.org/x/image/webp"
)

func TestSaveAccepts(t *testing.T) {
	tests := []struct {
		name          string
		data          []byte
		kind          Kind
		mime, ext     string
		width, height int
		asUploaded    bool // stored byte for byte, not re-encoded
	}{
		{"jpeg", testkit.JPEG(t, 64, 48), KindImage, "image/jpeg", ".jpg", 64, 48, false},
		{"png", testkit.AlphaPNG(t, 64, 48), KindImage, "image/png", ".png", 64, 48, false},
		{"gif", testkit.GIF(t, 64, 48), KindImage, "image/gif", ".gif", 64, 48, true},
		// No WebP encoder: a WebP is served as a JPEG, as its variants are.
		{"webp", testkit.TinyWebP(), KindImage, "image/jpeg", ".jpg", 3, 2, false},
		{"pdf", []byte(testkit.PDF), KindDocument, "application/pdf", ".pdf", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, 1<<20)
			f, err := s.Save(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if f.Kind != tt.kind || f.MIME != tt.mime || f.Width != tt.width || f.Height != tt.height {
				t.Errorf("got %s %s %d×%d, want %s %s %d×%d", f.Kind, f.MIME, f.Width, f.Height, tt.kind, tt.mime, tt.width, tt.height)
			}
			if !ValidName(f.Name) || !strings.HasSuffix(f.Name, tt.ext) {
				t.Errorf("Name = %q, want a valid name ending in %s", f.Name, tt.ext)
			}
			if len(f.Variants) != 0 {
				t.Errorf("Variants = %v, want none for a small file", f.Variants)
			}
			// The original is stored alone: as uploaded where re-encoding
			// would lose something (a GIF's animation), else as a fresh
			// encoding of its pixels.
			stored, err := os.ReadFile(filepath.Join(s.Dir, f.Name))
			if err != nil {
				t.Fatal(err)
			}
			if f.Size != int64(len(stored)) {
				t.Errorf("Size = %d, stored %d bytes", f.Size, len(stored))
			}
			if tt.asUploaded && !bytes.Equal(stored, tt.data) {
				t.Error("stored original differs from the upload")
			}
			if cfg, _, err := image.DecodeConfig(bytes.NewReader(stored)); tt.kind == KindImage && (err != nil || cfg.Width != tt.width || cfg.Height != tt.height) {
				t.Errorf("stored original decodes as %d×%d (%v), want %d×%d", cfg.Width, cfg.Height, err, tt.width, tt.height)
			}
			if names := dirNames(t, s); !slices.Equal(names, []string{f.Name}) {
				t.Errorf("dir holds %v, want only %s", names, f.Name)
			}
			if got := ContentType(f.Name); got != tt.mime {
				t.Errorf("ContentType(%s) = %s, want %s", f.Name, got, tt.mime)
			}
		})
	}
}

func TestSaveRefuses(t *testing.T) {
	validJPEG := testkit.JPEG(t, 200, 100)
	tinyWebP := testkit.LosslessWebP(3, 2, color.NRGBA{0x20, 0x80, 0xC0, 0xFF})
	corruptPNG := testkit.AlphaPNG(t, 64, 64)
	corruptPNG[len(corruptPNG)-20] ^= 0xFF // inside IDAT: its CRC no longer matches

	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrType},
		{"text", []byte("hello, world\n"), ErrType},
		{"html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), ErrType},
		// The client's file name never reaches Save: HTML sent as
		// "photo.jpg" is judged by its bytes alone.
		{"html named .jpg", []byte("\xEF\xBB\xBF  <html><img src=x onerror=alert(1)>"), ErrType},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrType},
		{"svg bare", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), ErrType},
		{"windows exe", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF"), make([]byte, 100)...), ErrType},
		{"elf", append([]byte("\x7FELF\x02\x01\x01"), make([]byte, 100)...), ErrType},
		{"bmp", append([]byte("BM"), make([]byte, 100)...), ErrType},
		{"tiff", append([]byte("II*\x00"), make([]byte, 100)...), ErrType},
		{"riff but not webp", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), ErrType},
		{"jpeg magic only", []byte("\xFF\xD8\xFF"), ErrCorrupt},
		{"truncated jpeg", validJPEG[:len(validJPEG)/2], ErrCorrupt},
		{"jpeg header then html", append([]byte("\xFF\xD8\xFF\xE0"), "<html><script>alert(1)</script>"...), ErrCorrupt},
		{"corrupt png", corruptPNG, ErrCorrupt},
		{"truncated webp", tinyWebP[:len(tinyWebP)-6], ErrCorrupt},
		{"webp header only", tinyWebP[:12], ErrCorrupt},
		{"png 0×0", testkit.PNGHeader(0, 0), ErrCorrupt},
		// A file that only starts like a PDF is no document: a browser
		// would sniff and run the HTML that follows.
		{"pdf magic then html", []byte("%PDF-1.4\n<html><script>alert(1)</script></html>"), ErrCorrupt},
		{"pdf without its end", []byte(testkit.PDF)[:len(testkit.PDF)-7], ErrCorrupt},
		{"png 100000×100000", testkit.PNGHeader(100000, 100000), ErrDimensions},
		{"png 30000×10 (too wide)", testkit.PNGHeader(30000, 10), ErrDimensions},
		{"png 10×30000 (too tall)", testkit.PNGHeader(10, 30000), ErrDimensions},
		{"png 8000×8000 (too many pixels)", testkit.PNGHeader(8000, 8000), ErrDimensions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, 1<<20)
			f, err := s.Save(bytes.NewReader(tt.data))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Save = %+v, %v; want %v", f, err, tt.want)
			}
			if err.Error() == "" || strings.Contains(err.Error(), "media:") {
				t.Errorf("message %q is not for the uploader", err)
			}
			if names := dirNames(t, s); len(names) != 0 {
				t.Errorf("left behind: %v", names)
			}
		})
	}
}

func TestSaveTooLarge(t *testing.T) {
	const limit = 20 << 20
	s := newStore(t, limit)
	// A valid JPEG start followed by padding: refused for size before
	// anything looks at the content.
	big := io.MultiReader(bytes.NewReader(testkit.JPEG(t, 8, 8)), bytes.NewReader(make([]byte, limit)))
	_, err := s.Save(big)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Save = %v, want ErrTooLarge", err)
	}
	if want := "the file is larger than 20 MB"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
	if names := dirNames(t, s); len(names) != 0 {
		t.Errorf("left behind: %v", names)
	}

	// Exactly the limit is accepted.
	pdf := []byte(testkit.PDF)
	s = newStore(t, int64(len(pdf)))
	if _, err := s.Save(bytes.NewReader(pdf)); err != nil {
		t.Errorf("upload of exactly MaxBytes: %v", err)
	}
	if _, err := s.Save(bytes.NewReader(append(pdf, '\n'))); !errors.Is(err, ErrTooLarge) {
		t.Errorf("upload of MaxBytes+1: %v, want ErrTooLarge", err)
	}
}

func TestSaveReadError(t *testing.T) {
	s := newStore(t, 1<<20)
	broken := io.MultiReader(bytes.NewReader(testkit.JPEG(t, 64, 64)[:100]), iotest.ErrReader(errors.New("connection reset")))
	_, err := s.Save(broken)
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("Save = %v, want the read error", err)
	}
	for _, refusal := range []error{ErrTooLarge, ErrType, ErrDimensions, ErrCorrupt} {
		if errors.Is(err, refusal) {
			t.Errorf("a read error is not the uploader's fault, but matches %v", refusal)
		}
	}
	if names := dirNames(t, s); len(names) != 0 {
		t.Errorf("left behind: %v", names)
	}
}

// TestSaveHugeHeader checks that an image claiming 10^10 pixels is refused
// from its header alone, without allocating its pixels (40 GB).
func TestSaveHugeHeader(t *testing.T) {
	s := newStore(t, 1<<20)
	data := testkit.PNGHeader(100000, 100000)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := s.Save(bytes.NewReader(data))
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	if !errors.Is(err, ErrDimensions) {
		t.Fatalf("Save = %v, want ErrDimensions", err)
	}
	if !strings.Contains(err.Error(), "100000 × 100000") {
		t.Errorf("message %q does not say the size", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 10<<20 {
		t.Errorf("allocated %d bytes to refuse a header", alloc)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v to refuse a header", elapsed)
	}
}

// TestSaveMemoryBudget checks that the bytes a pixel takes count: a 16-bit
// PNG of 40 megapixels would take 316 MB decoded and is refused from its
// header, the same size at 8 bits passes the checks (and, being only a
// header, is then found damaged), and a real 16-bit PNG within the budget
// is kept at 8 bits a channel.
func TestSaveMemoryBudget(t *testing.T) {
	s := newStore(t, 1<<20)
	_, err := s.Save(bytes.NewReader(testkit.PNG16Header(6000, 6600)))
	if !errors.Is(err, ErrDimensions) || !strings.Contains(err.Error(), "16 bits") {
		t.Errorf("16-bit 6000×6600: %v, want a refusal that names the 16 bits", err)
	}
	if _, err := s.Save(bytes.NewReader(testkit.PNGHeader(6000, 6600))); !errors.Is(err, ErrCorrupt) {
		t.Errorf("8-bit 6000×6600 header: %v, want it past the memory check, then ErrCorrupt", err)
	}

	deep := image.NewNRGBA64(image.Rect(0, 0, 600, 400))
	for i := range deep.Pix {
		deep.Pix[i] = 0xC0
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, deep); err != nil {
		t.Fatal(err)
	}
	f, err := s.Save(&buf)
	if err != nil {
		t.Fatalf("16-bit 600×400: %v", err)
	}
	for _, name := range append([]string{f.Name}, f.Variants[0].Name) {
		b, err := os.ReadFile(filepath.Join(s.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.ColorModel != color.NRGBAModel {
			t.Errorf("%s: %v, want 8-bit NRGBA", name, err)
		}
	}
}

func TestSaveVariants(t *testing.T) {
	tests := []struct {
		name       string
		data       []byte
		variantExt string
	}{
		{"jpeg", testkit.JPEG(t, 2000, 1000), ".jpg"},
		{"png keeps png", testkit.AlphaPNG(t, 2000, 1000), ".png"},
		{"gif gives jpeg stills", testkit.GIF(t, 2000, 1000), ".jpg"},
		{"webp gives jpeg", testkit.LosslessWebP(2000, 1000, color.NRGBA{0x20, 0x80, 0xC0, 0xFF}), ".jpg"},
	}
	want := []struct{ w, h int }{{480, 240}, {960, 480}, {1600, 800}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, 20<<20)
			f, err := s.Save(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if f.Width != 2000 || f.Height != 1000 {
				t.Errorf("size %d×%d, want 2000×1000", f.Width, f.Height)
			}
			if len(f.Variants) != len(want) {
				t.Fatalf("Variants = %+v, want %v", f.Variants, want)
			}
			for i, v := range f.Variants {
				if v.Width != want[i].w || v.Height != want[i].h {
					t.Errorf("variant %d is %d×%d, want %d×%d", i, v.Width, v.Height, want[i].w, want[i].h)
				}
				if !ValidName(v.Name) || v.Name[:32] != f.Name[:32] || !strings.HasSuffix(v.Name, tt.variantExt) {
					t.Errorf("variant name %q does not belong to %q or is not %s", v.Name, f.Name, tt.variantExt)
				}
				cfg := decodeFile(t, s, v.Name)
				if cfg.Width != v.Width || cfg.Height != v.Height {
					t.Errorf("%s decodes as %d×%d, recorded as %d×%d", v.Name, cfg.Width, cfg.Height, v.Width, v.Height)
				}
			}
			if got := len(dirNames(t, s)); got != 4 {
				t.Errorf("dir holds %d files, want the original and 3 variants", got)
			}
		})
	}
}

// decodeFile checks a stored file is a complete image of the format its
// name says and returns its size.
func decodeFile(t *testing.T, s *Store, name string) image.Config {
	t.Helper()
	decoders := map[string]func(io.Reader) (image.Image, error){
		"image/jpeg": jpeg.Decode,
		"image/png":  png.Decode,
		"image/gif":  gif.Decode,
		"image/webp": webp.Decode,
	}
	decode, ok := decoders[ContentType(name)]
	if !ok {
		t.Fatalf("decode %s: not an image name", name)
	}
	img := decodeStored(t, s, name, decode)
	return image.Config{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
}

// openStored opens a stored file; it is closed when the test ends.
func openStored(t testing.TB, s *Store, name string) io.Reader {
	t.Helper()
	r, _, err := s.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// decodeStored decodes a stored file with decode, failing the test if it
// is not a complete image.
func decodeStored(t testing.TB, s *Store, name string, decode func(io.Reader) (image.Image, error)) image.Image {
	t.Helper()
	img, err := decode(openStored(t, s, name))
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return img
}

func TestSaveVariantWidths(t *testing.T) {
	tests := []struct {
		width, height int
		want          []int
	}{
		{300, 200, nil},
		{480, 100, nil}, // a variant as wide as the original would be a worse copy of it
		{481, 100, []int{480}},
		{1000, 3000, []int{480, 960}},
		{1600, 10, []int{480, 960}},
		{1601, 1, []int{480, 960, 1600}},
	}
	for _, tt := range tests {
		s := newStore(t, 20<<20)
		f, err := s.Save(bytes.NewReader(testkit.JPEG(t, tt.width, tt.height)))
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, v := range f.Variants {
			got = append(got, v.Width)
			if v.Height < 1 || v.Height > tt.height {
				t.Errorf("%d×%d: variant height %d", tt.width, tt.height, v.Height)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%d×%d: variant widths %v, want %v", tt.width, tt.height, got, tt.want)
		}
	}
}

func TestGIFStaysAnimated(t *testing.T) {
	s := newStore(t, 20<<20)
	f, err := s.Save(bytes.NewReader(testkit.GIF(t, 1000, 500)))
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(openStored(t, s, f.Name))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 2 {
		t.Errorf("stored GIF has %d frames, want 2", len(g.Image))
	}
}

func TestPNGVariantKeepsAlpha(t *testing.T) {
	s := newStore(t, 20<<20)
	f, err := s.Save(bytes.NewReader(testkit.AlphaPNG(t, 1000, 400)))
	if err != nil {
		t.Fatal(err)
	}
	img := decodeStored(t, s, f.Variants[0].Name, png.Decode)
	if _, _, _, a := img.At(10, 5).RGBA(); a != 0 {
		t.Errorf("transparent top is alpha %d in the variant", a)
	}
	b := img.Bounds()
	for _, p := range []image.Point{{10, 150}, {b.Max.X - 1, b.Max.Y - 1}, {0, b.Max.Y - 1}} {
		if _, _, _, a := img.At(p.X, p.Y).RGBA(); a != 0xFFFF {
			t.Errorf("opaque part at %v is alpha %d in the variant", p, a)
		}
	}
}

// TestSaveImageOffset draws an image whose bounds do not start at 0,0, as
// a SubImage has: the variants must show its content, not a shifted or
// empty frame.
func TestSaveImageOffset(t *testing.T) {
	s := newStore(t, 1<<20)
	sub := testkit.Gradient(1000, 600).SubImage(image.Rect(100, 100, 900, 600))
	f, err := s.SaveImage(sub)
	if err != nil {
		t.Fatal(err)
	}
	if f.Width != 800 || f.Height != 500 || len(f.Variants) != 1 || f.Variants[0].Height != 300 {
		t.Fatalf("got %+v", f)
	}
	img := decodeStored(t, s, f.Variants[0].Name, jpeg.Decode)
	// gradient's red is x and green y (mod 256): the corners of the
	// variant must come from the corners of the sub-image.
	for _, c := range []struct{ vx, vy, sx, sy int }{{0, 0, 100, 100}, {479, 299, 899, 599}} {
		r, g, _, _ := img.At(c.vx, c.vy).RGBA()
		wantR, wantG := int(uint8(c.sx)), int(uint8(c.sy))
		if d := int(r>>8) - wantR; d < -24 || d > 24 {
			t.Errorf("variant (%d,%d) red %d, want about %d", c.vx, c.vy, r>>8, wantR)
		}
		if d := int(g>>8) - wantG; d < -24 || d > 24 {
			t.Errorf("variant (%d,%d) green %d, want about %d", c.vx, c.vy, g>>8, wantG)
		}
	}
}

func TestSaveImage(t *testing.T) {
	s := newStore(t, 1<<20)
	// Half transparent: JPEG has no alpha, so that half must come out white.
	m := image.NewNRGBA(image.Rect(0, 0, 1200, 800))
	for y := range 800 {
		for x := range 1200 {
			a := uint8(0xFF)
			if x < 600 {
				a = 0
			}
			m.SetNRGBA(x, y, color.NRGBA{0, 0, 0x80, a})
		}
	}
	f, err := s.SaveImage(m)
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != KindImage || f.MIME != "image/jpeg" || !strings.HasSuffix(f.Name, ".jpg") || f.Width != 1200 || f.Height != 800 {
		t.Errorf("got %+v", f)
	}
	info, err := os.Stat(filepath.Join(s.Dir, f.Name))
	if err != nil || info.Size() != f.Size {
		t.Errorf("Size = %d, file: %v %v", f.Size, info, err)
	}
	if len(f.Variants) != 2 || f.Variants[0].Width != 480 || f.Variants[1].Width != 960 {
		t.Errorf("Variants = %+v, want 480 and 960", f.Variants)
	}
	img := decodeStored(t, s, f.Name, jpeg.Decode)
	if rr, g, b, _ := img.At(100, 100).RGBA(); rr < 0xF000 || g < 0xF000 || b < 0xF000 {
		t.Errorf("transparent area is %x %x %x, want white", rr, g, b)
	}

	if _, err := s.SaveImage(image.NewRGBA(image.Rect(0, 0, 30000, 1))); !errors.Is(err, ErrDimensions) {
		t.Errorf("SaveImage 30000×1 = %v, want ErrDimensions", err)
	}
	if _, err := s.SaveImage(image.NewRGBA(image.Rectangle{})); err == nil {
		t.Error("SaveImage of an empty image succeeded")
	}
}

// TestTinyWebP pins testdata/tiny.webp to the hand-written encoder, so the
// sample's bytes are explained by losslessWebP.
func TestTinyWebP(t *testing.T) {
	want := testkit.TinyWebP()
	got, err := os.ReadFile("testdata/tiny.webp")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("testdata/tiny.webp differs from losslessWebP:\n got %x\nwant %x", got, want)
	}
	img, err := webp.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if c := color.NRGBAModel.Convert(img.At(2, 1)).(color.NRGBA); c != (color.NRGBA{0x20, 0x80, 0xC0, 0xFF}) {
		t.Errorf("pixel = %v", c)
	}
}

// BenchmarkSaveLargeJPEG measures a camera-sized upload: spool, decode and
// three variants.
func BenchmarkSaveLargeJPEG(b *testing.B) {
	data := testkit.JPEG(b, 6000, 4000)
	s := newStore(b, 50<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, err := s.Save(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		s.Remove(f)
	}
}

// TestSaveConcurrent saves from several goroutines at once, as parallel
// uploads do: each gets its own names and nothing is lost (run with -race).
func TestSaveConcurrent(t *testing.T) {
	s := newStore(t, 1<<20)
	data := testkit.JPEG(t, 600, 300)
	const n = 4
	files := make([]File, n)
	errs := make([]error, n)
	done := make(chan int)
	for i := range n {
		go func() {
			files[i], errs[i] = s.Save(bytes.NewReader(data))
			done <- i
		}()
	}
	for range n {
		<-done
	}
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		seen[files[i].Name] = true
	}
	if len(seen) != n || len(dirNames(t, s)) != 2*n {
		t.Errorf("%d distinct names, %d files; want %d and %d", len(seen), len(dirNames(t, s)), n, 2*n)
	}
}

// BenchmarkSaveWebPhoto measures a photo of the size sites show (1600×1067,
// as a WordPress upload): the case an import of hundreds repeats.
func BenchmarkSaveWebPhoto(b *testing.B) {
	data := testkit.JPEG(b, 1600, 1067)
	s := newStore(b, 50<<20)
	for b.Loop() {
		f, err := s.Save(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		s.Remove(f)
	}
}
