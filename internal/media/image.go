package media

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"slices"
	"strconv"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/webp"
)

// variantWidths are the widths of the resized copies, ascending: a phone,
// a tablet or a column of text, a full-width desktop image.
var variantWidths = []int{480, 960, 1600}

// JPEG qualities: variants are what visitors load, so they trade a little
// fidelity for size; the original of a drawn image is a master, kept finer.
const (
	variantQuality  = 82
	originalQuality = 90
)

// fileType is one accepted upload type: how to recognise it and, for
// images, how to read it and what its variants are encoded as.
type fileType struct {
	ext, mime    string
	kind         Kind
	magic        func(head []byte) bool
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader, image.Config) (image.Image, error)
	variantExt   string
}

// fileTypes lists everything Save accepts. Anything else — SVG (scripts),
// HTML, text, executables, other image formats — is refused by omission.
var fileTypes = []fileType{
	{
		ext: ".jpg", mime: "image/jpeg", kind: KindImage,
		magic:        prefix("\xFF\xD8\xFF"),
		decodeConfig: jpeg.DecodeConfig,
		decode:       func(r io.Reader, _ image.Config) (image.Image, error) { return jpeg.Decode(r) },
		variantExt:   ".jpg",
	},
	{
		// PNG variants stay PNG to keep transparency (logos).
		ext: ".png", mime: "image/png", kind: KindImage,
		magic:        prefix("\x89PNG\r\n\x1A\n"),
		decodeConfig: png.DecodeConfig,
		decode:       func(r io.Reader, _ image.Config) (image.Image, error) { return png.Decode(r) },
		variantExt:   ".png",
	},
	{
		// The original is kept as uploaded, so an animated GIF stays
		// animated; its variants are JPEG stills of the first frame.
		ext: ".gif", mime: "image/gif", kind: KindImage,
		magic:        func(h []byte) bool { return prefix("GIF87a")(h) || prefix("GIF89a")(h) },
		decodeConfig: gif.DecodeConfig,
		decode:       decodeGIFStill,
		variantExt:   ".jpg",
	},
	{
		ext: ".webp", mime: "image/webp", kind: KindImage,
		magic:        func(h []byte) bool { return len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP" },
		decodeConfig: webp.DecodeConfig,
		decode:       func(r io.Reader, _ image.Config) (image.Image, error) { return webp.Decode(r) },
		variantExt:   ".jpg",
	},
	{
		ext: ".pdf", mime: "application/pdf", kind: KindDocument,
		magic: prefix("%PDF-"),
	},
}

func prefix(p string) func([]byte) bool {
	return func(h []byte) bool { return bytes.HasPrefix(h, []byte(p)) }
}

// sniff returns the type of a file from its first bytes, or nil. The
// decoders are chosen from this, not from image.Decode's registry, so a
// file is always read by the decoder of the type it is stored as.
func sniff(head []byte) *fileType {
	for i := range fileTypes {
		if fileTypes[i].magic(head) {
			return &fileTypes[i]
		}
	}
	return nil
}

// KindOf is the kind of file the first bytes of an upload say it is
// ("" for one the library refuses), for a form that asks for alt text
// only for images; Save checks the whole file again.
func KindOf(head []byte) Kind {
	if ft := sniff(head); ft != nil {
		return ft.kind
	}
	return ""
}

// decodeGIFStill decodes only the first frame: decoding every frame of an
// animation could take frames × pixels of memory from a small file. The
// frame may cover part of the screen, so it is placed on a transparent
// canvas of the GIF's full size.
func decodeGIFStill(r io.Reader, cfg image.Config) (image.Image, error) {
	frame, err := gif.Decode(r)
	if err != nil {
		return nil, err
	}
	canvas := image.NewRGBA(image.Rect(0, 0, cfg.Width, cfg.Height))
	draw.Draw(canvas, frame.Bounds(), frame, frame.Bounds().Min, draw.Src)
	return canvas, nil
}

// writeVariants writes the resized copies of img narrower than img and
// returns them smallest first, each with the colour profile of the upload
// (nil: none). The largest is scaled from the original, each smaller one
// from the one before: less work, same quality.
func (w *writer) writeVariants(stem string, img image.Image, ext string, profile []byte) ([]Variant, error) {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	src := img
	var out []Variant
	for _, vw := range slices.Backward(variantWidths) {
		if vw >= width {
			continue
		}
		vh := max(1, int((int64(height)*int64(vw)+int64(width)/2)/int64(width)))
		dst := resize(src, vw, vh)
		if ext == ".jpg" {
			onWhite(dst) // JPEG has no alpha: transparent parts become white, not black
		}
		name := stem + "-" + strconv.Itoa(vw) + ext
		_, err := w.writeFile(name, func(o io.Writer) error {
			o = withProfile(o, ext, profile)
			if ext == ".png" {
				return png.Encode(o, dst)
			}
			return encodeJPEG(o, dst, variantQuality)
		})
		if err != nil {
			return nil, err
		}
		out = append(out, Variant{Width: vw, Height: vh, Name: name})
		src = dst
	}
	slices.Reverse(out)
	return out, nil
}

// resize scales src to width×height.
//
// The filter is CatmullRom, a true downscaling filter that weighs every
// source pixel, so fine patterns and text do not alias. ApproxBiLinear
// alone is twenty times faster but reads only four source pixels per
// output pixel whatever the ratio: from a camera photo it skips most
// pixels and shows moiré (31 dB against CatmullRom, here).
//
// CatmullRom's Scale, though, keeps a float64 buffer of output width ×
// source height: 200 MB for a 24-megapixel photo, 1 GB for a 2000×20000
// infographic within the limits. So the source is first halved while it is
// at least twice the target — ApproxBiLinear at exactly half size averages
// each 2×2 block, a box filter, which is what mipmaps do — and the last
// step, under 2×, uses CatmullRom's Transform, which needs no buffer.
// Measured on a 24-megapixel photo: 0.5 s and 29 MB instead of 0.4 s and
// 200 MB, visually the same (51 dB against the direct Scale).
func resize(src image.Image, width, height int) *image.RGBA {
	for b := src.Bounds(); b.Dx() >= 2*width && b.Dy() >= 2*height; b = src.Bounds() {
		half := image.NewRGBA(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
		draw.ApproxBiLinear.Scale(half, half.Bounds(), src, b, draw.Src, nil)
		src = half
	}
	src = scalable(src)
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	if b.Dx() == width && b.Dy() == height { // halving landed on the size
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
		return dst
	}
	if width*b.Dy()*32 <= scaleBuffer {
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
		return dst
	}
	sx, sy := float64(width)/float64(b.Dx()), float64(height)/float64(b.Dy())
	s2d := f64.Aff3{
		sx, 0, -float64(b.Min.X) * sx,
		0, sy, -float64(b.Min.Y) * sy,
	}
	draw.CatmullRom.Transform(dst, s2d, src, b, draw.Src, nil)
	return dst
}

// scaleBuffer bounds the buffer of CatmullRom's Scale (the output's width
// by the source's height, 32 bytes each), which is separable and so seven
// times quicker than Transform: a photo of the size sites show (1600 wide)
// is scaled in 0.05 s rather than 0.3 s; a camera's 24 megapixels, whose
// buffer would be 200 MB, still take Transform.
const scaleBuffer = 48 << 20

// scalable returns img as a type x/image/draw scales on a fast path;
// others (paletted, 16-bit, CMYK, YCbCr with alpha) would go through an
// interface call for every filter tap, many times slower.
func scalable(img image.Image) image.Image {
	switch img.(type) {
	case *image.RGBA, *image.NRGBA, *image.YCbCr, *image.Gray:
		return img
	}
	return toRGBA(img)
}

// toRGBA returns img as RGBA with the same bounds, converting only when it
// is not RGBA already.
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok {
		return m
	}
	b := img.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, img, b.Min, draw.Src)
	return dst
}

// onWhite composites m over white in place. m is premultiplied, so each
// channel just gains the share of white that alpha lets through.
func onWhite(m *image.RGBA) {
	for i := 0; i+3 < len(m.Pix); i += 4 {
		if a := m.Pix[i+3]; a != 0xFF {
			m.Pix[i] += 0xFF - a
			m.Pix[i+1] += 0xFF - a
			m.Pix[i+2] += 0xFF - a
			m.Pix[i+3] = 0xFF
		}
	}
}

// flatten returns img on a white background unless it is opaque already.
func flatten(img image.Image) image.Image {
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		return img
	}
	b := img.Bounds()
	dst := whiteCanvas(b.Dx(), b.Dy())
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	return dst
}

func whiteCanvas(width, height int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(m, m.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	return m
}

func encodeJPEG(w io.Writer, img image.Image, quality int) error {
	return jpeg.Encode(w, img, &jpeg.Options{Quality: quality})
}
