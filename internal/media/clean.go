package media

import (
	"image"
	"image/color"
	"image/png"
	"io"

	"github.com/rwcarlsen/goexif/exif"
	"golang.org/x/image/draw"
)

// Uploaded images are never served as uploaded: a phone photo carries
// where it was taken (EXIF GPS), the camera's serial number and the
// author's name (XMP, IPTC), and the site would publish them to anyone who
// opens the largest srcset candidate. So the stored original is a fresh
// encoding of the decoded pixels, which carries none of it, turned upright
// first by its EXIF orientation so that it and its variants show as the
// phone showed them. Only animated GIFs are kept as uploaded: re-encoding
// would stop them; GIF has no EXIF, and its comments are not shown.
//
// The colour profile is the one piece kept (see icc.go): it says how to
// show the pixels, and nothing about who took them.

// orientation reads a JPEG's EXIF orientation: 1 (as stored) when it has
// none or it cannot be read, since a photo shown as stored beats a refusal.
func orientation(r io.Reader) int {
	x, err := exif.Decode(r)
	if err != nil {
		return 1
	}
	tag, err := x.Get(exif.Orientation)
	if err != nil {
		return 1
	}
	o, err := tag.Int(0)
	if err != nil || o < 1 || o > 8 {
		return 1
	}
	return o
}

// upright applies EXIF orientation o to img: the pixels as a viewer that
// honours the tag would show them. A JPEG's pixels are read in place
// rather than converted first, which would hold a third copy.
func upright(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	pixel := rgbaAt(img)

	dw, dh := w, h
	if o >= 5 { // the four orientations that swap the axes
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			sx, sy := sourceOf(o, x, y, w, h)
			c := pixel(b.Min.X+sx, b.Min.Y+sy)
			copy(dst.Pix[dst.PixOffset(x, y):][:4], c[:])
		}
	}
	return dst
}

// rgbaAt returns a fast reader of img's pixels as premultiplied RGBA.
func rgbaAt(img image.Image) func(x, y int) [4]byte {
	if m, ok := img.(*image.YCbCr); ok {
		return func(x, y int) [4]byte {
			c := m.YCbCrAt(x, y)
			r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
			return [4]byte{r, g, b, 0xFF}
		}
	}
	m := toRGBA(img)
	return func(x, y int) [4]byte { return [4]byte(m.Pix[m.PixOffset(x, y):][:4]) }
}

// sourceOf maps pixel (x, y) of the upright image to the stored image of
// w×h pixels, for each EXIF orientation.
func sourceOf(o, x, y, w, h int) (int, int) {
	switch o {
	case 2: // mirrored
		return w - 1 - x, y
	case 3: // upside down
		return w - 1 - x, h - 1 - y
	case 4: // mirrored upside down
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // stored turned left: shown turned right
		return y, h - 1 - x
	case 7: // transversed
		return w - 1 - y, h - 1 - x
	case 8: // stored turned right: shown turned left
		return w - 1 - y, x
	}
	return x, y
}

// grey reports whether img is written as a grey file, which an RGB
// profile does not fit.
func grey(img image.Image) bool {
	m := img.ColorModel()
	return m == color.GrayModel || m == color.Gray16Model
}

// eightBit returns a 16-bit image at 8 bits a channel, which is all a
// screen shows and half the memory; other images as they are.
func eightBit(img image.Image) image.Image {
	switch img.(type) {
	case *image.RGBA64, *image.NRGBA64, *image.Gray16:
	default:
		return img
	}
	b := img.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	return dst
}

// writeClean writes the served original of an upload of type ft: the
// pixels of img, without the upload's metadata. It returns the file's
// name, type and size; a WebP original becomes a JPEG, as its variants are,
// since there is no WebP encoder to hand. profile, if any, is embedded.
func (w *writer) writeClean(stem string, ft *fileType, img image.Image, profile []byte) (name, mime string, size int64, err error) {
	switch ft.ext {
	case ".png":
		name, mime = stem+".png", ft.mime
		size, err = w.writeFile(name, func(o io.Writer) error { return png.Encode(withProfile(o, ".png", profile), img) })
	default:
		name, mime = stem+".jpg", "image/jpeg"
		flat := flatten(img)
		size, err = w.writeFile(name, func(o io.Writer) error { return encodeJPEG(withProfile(o, ".jpg", profile), flat, originalQuality) })
	}
	return name, mime, size, err
}
