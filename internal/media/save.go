package media

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"path/filepath"

	"orgsite/internal/pdfdoc"
)

// Save stores an upload read from r and returns its description.
//
// The upload is spooled to a temp file in Dir (never held in memory), its
// type decided from its content, an image measured from its header before
// it is decoded, then decoded in full so that a damaged file is refused now
// rather than shown broken later. Refusals match ErrTooLarge, ErrType,
// ErrDimensions or ErrCorrupt with errors.Is; other errors are the
// server's. On any error no file is left behind.
func (s *Store) Save(r io.Reader) (File, error) {
	w := &writer{s: s}
	f, err := w.save(r)
	if err != nil {
		w.rollback()
		return File{}, err
	}
	return f, nil
}

// SaveImage stores an image drawn in memory (the demo content's
// illustrations) as a JPEG original with the same variants as an upload.
func (s *Store) SaveImage(img image.Image) (File, error) {
	w := &writer{s: s}
	f, err := w.saveImage(img)
	if err != nil {
		w.rollback()
		return File{}, err
	}
	return f, nil
}

// writer is one Save in progress: the files it has written so far, so that
// a failure can take them all back.
type writer struct {
	s       *Store
	written []string // full paths, temp and final
}

func (w *writer) rollback() {
	for _, p := range w.written {
		os.Remove(p)
	}
}

func (w *writer) save(r io.Reader) (File, error) {
	s := w.s
	tmp, err := w.createTemp()
	if err != nil {
		return File{}, err
	}
	defer tmp.Close()
	defer os.Remove(tmp.Name()) // the upload itself, unless committed as it is
	n, ft, err := s.spool(tmp, r)
	if err != nil {
		return File{}, err
	}

	stem := randomStem()
	f := File{Name: stem + ft.ext, Kind: ft.kind, MIME: ft.mime, Size: n}
	if ft.kind == KindDocument {
		if err := readPDF(tmp, n, &f); err != nil {
			return File{}, err
		}
		return f, w.commit(tmp, f.Name)
	}

	// Every reader below gets a fresh view of the spooled file, buffered
	// because the decoders read in small pieces.
	content := func() io.Reader { return bufio.NewReaderSize(io.NewSectionReader(tmp, 0, n), 64<<10) }

	release := s.acquireDecode()
	defer release()
	img, err := s.decode(ft, content)
	if err != nil {
		return File{}, err
	}
	img = eightBit(img) // the 16-bit copy is let go before the variants are made
	if ft.ext != ".gif" {
		return w.writeImage(ft, stem, content, img)
	}
	if err := w.commit(tmp, f.Name); err != nil {
		return File{}, err
	}
	f.Width, f.Height = img.Bounds().Dx(), img.Bounds().Dy()
	f.Variants, err = w.writeVariants(stem, img, ft.variantExt, nil)
	return f, err
}

// writeImage writes the served files of an image of type ft, decoded as
// img from content, under stem: the original, upright and without the
// upload's metadata but with its colour profile, and its variants.
func (w *writer) writeImage(ft *fileType, stem string, content func() io.Reader, img image.Image) (File, error) {
	if ft.ext == ".jpg" {
		img = upright(img, orientation(content()))
	}
	var profile []byte
	if !grey(img) {
		profile = iccProfile(ft, content())
	}
	f := File{Kind: KindImage, Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	var err error
	f.Name, f.MIME, f.Size, err = w.writeClean(stem, ft, img, profile)
	if err != nil {
		return File{}, err
	}
	f.Variants, err = w.writeVariants(stem, img, ft.variantExt, profile)
	if err != nil {
		return File{}, err
	}
	return f, nil
}

// decode reads an image after checking, from its header, that its pixels
// fit the limits.
func (s *Store) decode(ft *fileType, content func() io.Reader) (image.Image, error) {
	cfg, err := ft.decodeConfig(content())
	if err != nil {
		return nil, ErrCorrupt
	}
	if err := s.checkDimensions(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	if err := checkDecodeMemory(cfg); err != nil {
		return nil, err
	}
	return decodeExact(ft, content(), cfg)
}

// spool copies an upload into tmp and decides its type from its content.
func (s *Store) spool(tmp *os.File, r io.Reader) (int64, *fileType, error) {
	// One byte past the limit tells "too large" from "exactly the limit".
	n, err := io.Copy(tmp, io.LimitReader(r, s.MaxBytes+1))
	if err != nil {
		return 0, nil, fmt.Errorf("media: read upload: %w", err)
	}
	if n > s.MaxBytes {
		return 0, nil, refuse(ErrTooLarge, "the file is larger than %s", FormatSize(s.MaxBytes))
	}
	if n == 0 {
		return 0, nil, refuse(ErrType, "the file is empty")
	}
	var head [16]byte
	m, _ := tmp.ReadAt(head[:], 0)
	ft := sniff(head[:m])
	if ft == nil {
		return 0, nil, ErrType
	}
	return n, ft, nil
}

// readPDF parses a file that starts like a PDF: a file a PDF reader
// cannot open is refused whatever its first bytes, and so is one locked
// with a password, which visitors could not open either. Its page count
// and text go into f; text that cannot be read is no refusal.
func readPDF(r io.ReaderAt, n int64, f *File) error {
	info, err := pdfdoc.Inspect(r, n)
	switch {
	case errors.Is(err, pdfdoc.ErrEncrypted):
		return refuse(ErrCorrupt, "the PDF is protected by a password; upload a copy without protection")
	case errors.Is(err, pdfdoc.ErrTooManyPages):
		return refuse(ErrCorrupt, "the PDF has more than %d pages", pdfdoc.MaxPages)
	case err != nil:
		return refuse(ErrCorrupt, "the file is not a readable PDF; it may be damaged or incomplete")
	}
	f.Pages, f.Text, f.TextErr = info.Pages, info.Text, info.TextErr
	return nil
}

// decodeExact decodes an image whose header gave cfg. The recorded size is
// the header's; the pixels must agree, since variant heights and srcset
// widths are computed from it.
func decodeExact(ft *fileType, r io.Reader, cfg image.Config) (image.Image, error) {
	img, err := ft.decode(r, cfg)
	if err != nil {
		return nil, ErrCorrupt
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, ErrCorrupt
	}
	return img, nil
}

func (w *writer) saveImage(img image.Image) (File, error) {
	s := w.s
	b := img.Bounds()
	if err := s.checkDimensions(b.Dx(), b.Dy()); err != nil {
		return File{}, err
	}
	// JPEG has no alpha: flatten once here so that the original and the
	// variants agree.
	img = flatten(img)

	stem := randomStem()
	f := File{Name: stem + ".jpg", Kind: KindImage, MIME: "image/jpeg", Width: b.Dx(), Height: b.Dy()}
	size, err := w.writeFile(f.Name, func(out io.Writer) error { return encodeJPEG(out, img, originalQuality) })
	if err != nil {
		return File{}, err
	}
	f.Size = size
	f.Variants, err = w.writeVariants(stem, img, ".jpg", nil)
	if err != nil {
		return File{}, err
	}
	return f, nil
}

// checkDimensions refuses images whose pixels would take too much memory
// to decode, before they are decoded.
func (s *Store) checkDimensions(width, height int) error {
	if width <= 0 || height <= 0 {
		return ErrCorrupt
	}
	limit := s.MaxPixels
	if limit <= 0 {
		limit = DefaultMaxPixels
	}
	if width > MaxSide || height > MaxSide || int64(width)*int64(height) > limit {
		return refuse(ErrDimensions, "the image is %d × %d pixels; at most %d pixels a side and %.0f megapixels in all can be uploaded",
			width, height, MaxSide, float64(limit)/1e6)
	}
	return nil
}

// checkDecodeMemory refuses images whose decoded pixels would take more
// than MaxDecodeBytes, from the header's size and colour model: a 16-bit
// PNG takes eight bytes a pixel, twice an 8-bit one.
func checkDecodeMemory(cfg image.Config) error {
	need := int64(cfg.Width) * int64(cfg.Height) * int64(bytesPerPixel(cfg.ColorModel))
	if need <= MaxDecodeBytes {
		return nil
	}
	depth := ""
	if bytesPerPixel(cfg.ColorModel) == 8 {
		depth = " at 16 bits a colour channel"
	}
	return refuse(ErrDimensions, "the image is %d × %d pixels%s: reading it would take %d MB of memory, more than the %d MB allowed; save it with 8 bits a channel, or smaller",
		cfg.Width, cfg.Height, depth, need/1_000_000, MaxDecodeBytes/1_000_000)
}

// bytesPerPixel is what the decoders allocate for each pixel of a colour
// model, rounded up (4:2:0 JPEG takes 1.5, counted as 3).
func bytesPerPixel(m color.Model) int {
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	return 4
}

// acquireDecode waits for a decode slot and returns its release. A Store
// not made by New has no slots and does not wait.
// SetParallel lets n images be decoded at once (one by default): for a
// batch such as an import, on a machine with the cores and memory for it.
// Call it before the store is used.
func (s *Store) SetParallel(n int) {
	s.decodeSlots = make(chan struct{}, max(n, 1))
}

func (s *Store) acquireDecode() (release func()) {
	if s.decodeSlots == nil {
		return func() {}
	}
	s.decodeSlots <- struct{}{}
	return func() { <-s.decodeSlots }
}

// randomStem returns 128 random bits in hex: unguessable, so stored names
// reveal nothing and cannot be enumerated, and never colliding in practice.
func randomStem() string {
	var b [16]byte
	rand.Read(b[:]) // never fails since Go 1.24: it crashes instead
	return hex.EncodeToString(b[:])
}

// createTemp creates a temp file in Dir, on the same filesystem as the
// final names, so that committing it is an atomic rename.
func (w *writer) createTemp() (*os.File, error) {
	tmp, err := os.CreateTemp(w.s.Dir, tmpPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("media: create temp file: %w", err)
	}
	w.written = append(w.written, tmp.Name())
	return tmp, nil
}

// commit moves a complete temp file to its final name. It syncs first: a
// rename can reach the disk before the data, and a crash would then leave
// an empty file under a final name.
func (w *writer) commit(tmp *os.File, name string) error {
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("media: sync %s: %w", name, err)
	}
	// Temp files are private (0600); media are public and may be read by
	// a backup job or a front web server running as another user.
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("media: chmod %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("media: close %s: %w", name, err)
	}
	final := filepath.Join(w.s.Dir, name)
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("media: rename %s: %w", name, err)
	}
	w.written = append(w.written, final)
	return nil
}

// writeFile writes a new file through a temp file and returns its size.
func (w *writer) writeFile(name string, write func(io.Writer) error) (int64, error) {
	tmp, err := w.createTemp()
	if err != nil {
		return 0, err
	}
	defer tmp.Close()
	buf := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(buf); err != nil {
		return 0, fmt.Errorf("media: encode %s: %w", name, err)
	}
	if err := buf.Flush(); err != nil {
		return 0, fmt.Errorf("media: write %s: %w", name, err)
	}
	info, err := tmp.Stat()
	if err != nil {
		return 0, fmt.Errorf("media: stat %s: %w", name, err)
	}
	return info.Size(), w.commit(tmp, name)
}
