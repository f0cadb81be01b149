package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The fixtures are the photo and logo of clean_test.go with an Adobe RGB
// (1998) profile added by exiftool ("-icc_profile<=AdobeRGB1998.icc",
// colord's 18,604-byte profile): a wide-gamut upload.
func TestColourProfilesKept(t *testing.T) {
	for _, fixture := range []string{"phone-adobergb-gps.jpg", "logo-adobergb-gps.png"} {
		t.Run(fixture, func(t *testing.T) {
			upload, err := os.ReadFile(filepath.Join("testdata", fixture))
			if err != nil {
				t.Fatal(err)
			}
			want := exiftoolProfile(t, filepath.Join("testdata", fixture))
			s, f := saveFixture(t, fixture)
			served := []string{f.Name}
			for _, v := range f.Variants {
				served = append(served, v.Name)
			}
			for _, name := range served {
				path := filepath.Join(s.Dir, name)
				if got := exiftoolProfile(t, path); want != nil && !bytes.Equal(got, want) {
					t.Errorf("%s: exiftool reads a %d-byte profile, the upload has %d", name, len(got), len(want))
				}
				b, _ := os.ReadFile(path)
				ft := sniff(b[:16])
				if got := iccProfile(ft, bytes.NewReader(b)); !bytes.Equal(got, iccProfile(sniff(upload[:16]), bytes.NewReader(upload))) || len(got) != 18604 {
					t.Errorf("%s: a %d-byte profile, want the upload's 18,604", name, len(got))
				}
				if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
					t.Errorf("%s no longer decodes: %v", name, err)
				}
				exiftoolFinds(t, path) // and still no GPS
			}
		})
	}
}

// exiftoolProfile is the ICC profile a second, independent reader finds
// in a file; nil when exiftool is not installed (said by exiftoolFinds).
func exiftoolProfile(t *testing.T, path string) []byte {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		return nil
	}
	out, err := exec.Command("exiftool", "-b", "-ICC_Profile", path).Output()
	if err != nil {
		t.Fatalf("exiftool: %v", err)
	}
	if len(out) == 0 {
		t.Errorf("exiftool finds no colour profile in %s", filepath.Base(path))
	}
	return out
}

// fakeProfile is a profile header of n bytes for data of colour space cs.
func fakeProfile(n int, cs string) []byte {
	p := make([]byte, n)
	binary.BigEndian.PutUint32(p, uint32(n))
	copy(p[12:], "mntr")
	copy(p[16:], cs)
	copy(p[36:], "acsp")
	for i := 128; i < n; i++ {
		p[i] = byte(i * 7)
	}
	return p
}

// TestProfileRoundTrip: profiles of every size come back from the files
// written with them, split over several JPEG segments past 64 KB; a
// profile that is not for RGB pixels is not kept.
func TestProfileRoundTrip(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	encoders := map[string]func(io.Writer) error{
		".jpg": func(w io.Writer) error { return jpeg.Encode(w, img, nil) },
		".png": func(w io.Writer) error { return png.Encode(w, img) },
	}
	for _, tt := range []struct {
		size int
		cs   string
		kept bool
	}{
		{560, "RGB ", true},
		{65519, "RGB ", true},
		{65520, "RGB ", true},
		{200_000, "RGB ", true},
		{3000, "CMYK", false},
		{3000, "GRAY", false},
		{3000, "Lab ", false},
	} {
		profile := fakeProfile(tt.size, tt.cs)
		for ext, encode := range encoders {
			var buf bytes.Buffer
			if err := encode(withProfile(&buf, ext, profile)); err != nil {
				t.Fatal(err)
			}
			got := iccProfile(&fileType{ext: ext}, bytes.NewReader(buf.Bytes()))
			if kept := got != nil; kept != tt.kept || (kept && !bytes.Equal(got, profile)) {
				t.Errorf("%s with a %d-byte %s profile: read back %d bytes, kept %v", ext, tt.size, tt.cs, len(got), tt.kept)
			}
			if _, _, err := image.Decode(bytes.NewReader(buf.Bytes())); err != nil {
				t.Errorf("%s with a %d-byte profile does not decode: %v", ext, tt.size, err)
			}
		}
	}
}

// TestGreyImagesTakeNoRGBProfile: a grey JPEG is stored grey, which an
// RGB profile does not fit, so its (wrong) profile is not carried over.
func TestGreyImagesTakeNoRGBProfile(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 900, 600))
	for i := range img.Pix {
		img.Pix[i] = byte(i / 900)
	}
	var upload bytes.Buffer
	if err := jpeg.Encode(withProfile(&upload, ".jpg", fakeProfile(560, "RGB ")), img, nil); err != nil {
		t.Fatal(err)
	}
	if iccProfile(&fileType{ext: ".jpg"}, bytes.NewReader(upload.Bytes())) == nil {
		t.Fatal("the upload has no profile to drop")
	}
	s := newStore(t, 1<<20)
	f, err := s.Save(bytes.NewReader(upload.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{f.Name, f.Variants[0].Name} {
		b, err := os.ReadFile(filepath.Join(s.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if p := iccProfile(&fileType{ext: ".jpg"}, bytes.NewReader(b)); p != nil {
			t.Errorf("%s carries the RGB profile", name)
		}
	}
}

// FuzzProfile: reading a profile from any bytes never fails loudly, and
// what it returns is a bounded RGB profile.
func FuzzProfile(f *testing.F) {
	for _, name := range []string{"phone-adobergb-gps.jpg", "logo-adobergb-gps.png", "tiny.webp"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(withProfile(&buf, ".jpg", fakeProfile(70_000, "RGB ")), image.NewRGBA(image.Rect(0, 0, 2, 2)), nil)
	f.Add(buf.Bytes())
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00ICCP\x80\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, ext := range []string{".jpg", ".png", ".webp"} {
			if p := iccProfile(&fileType{ext: ext}, bytes.NewReader(b)); p != nil && (!rgbProfile(p) || len(p) > maxProfile) {
				t.Fatalf("%s: kept a %d-byte profile that is not a bounded RGB one", ext, len(p))
			}
		}
	})
}
