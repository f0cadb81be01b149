package media

import (
	"bytes"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures were written by exiftool: a 1000×600 photo stored turned
// left (EXIF orientation 6, "rotate 90 CW" to show), red on its stored
// left half and blue on its right, with GPS, camera make, serial number
// and XMP creator; and a PNG logo with GPS in eXIf, XMP and a comment.
func TestServedImagesCarryNoMetadata(t *testing.T) {
	for _, fixture := range []string{"phone-sideways-gps.jpg", "logo-gps.png"} {
		t.Run(fixture, func(t *testing.T) {
			s, f := saveFixture(t, fixture)
			served := []string{f.Name}
			for _, v := range f.Variants {
				served = append(served, v.Name)
			}
			for _, name := range served {
				b, err := os.ReadFile(filepath.Join(s.Dir, name))
				if err != nil {
					t.Fatal(err)
				}
				for _, secret := range []string{"Exif", "GPS", "Pixel", "SN12345", "Staff Phone", "secret note", "xmp"} {
					if bytes.Contains(b, []byte(secret)) {
						t.Errorf("%s holds %q from the upload", name, secret)
					}
				}
				exiftoolFinds(t, filepath.Join(s.Dir, name))
			}
		})
	}
}

// saveFixture saves testdata/name in a new store.
func saveFixture(t *testing.T, name string) (*Store, File) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t, 1<<20)
	f, err := s.Save(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Save %s: %v", name, err)
	}
	return s, f
}

// exiftoolFinds asks a second, independent reader whether any GPS or
// author tag survived.
func exiftoolFinds(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("exiftool is missing: apt-get install libimage-exiftool-perl")
		}
		t.Log("SKIP the exiftool check: apt-get install libimage-exiftool-perl to run it")
		return
	}
	out, err := exec.Command("exiftool", "-s", "-G", "-GPS:all", "-XMP:all", "-EXIF:all", "-PNG:Comment", path).CombinedOutput()
	if err != nil {
		t.Fatalf("exiftool: %v\n%s", err, out)
	}
	if strings.TrimSpace(string(out)) != "" {
		t.Errorf("exiftool finds metadata in %s:\n%s", filepath.Base(path), out)
	}
}

func TestPhotosAreTurnedUpright(t *testing.T) {
	s, f := saveFixture(t, "phone-sideways-gps.jpg")
	if f.Width != 600 || f.Height != 1000 {
		t.Fatalf("recorded %d×%d, want the upright 600×1000", f.Width, f.Height)
	}
	if len(f.Variants) == 0 {
		t.Fatal("no variants")
	}
	for _, name := range []string{f.Name, f.Variants[0].Name} {
		file, err := os.Open(filepath.Join(s.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(file)
		file.Close()
		if err != nil {
			t.Fatal(err)
		}
		// Turned right, the stored left half (red) is the top.
		b := img.Bounds()
		if b.Dx() >= b.Dy() {
			t.Errorf("%s is %d×%d: still lying down", name, b.Dx(), b.Dy())
		}
		top, bottom := img.At(b.Dx()/2, b.Dy()/4), img.At(b.Dx()/2, 3*b.Dy()/4)
		if r, _, bl, _ := top.RGBA(); r < bl {
			t.Errorf("%s: the top is %v, want red", name, top)
		}
		if r, _, bl, _ := bottom.RGBA(); bl < r {
			t.Errorf("%s: the bottom is %v, want blue", name, bottom)
		}
	}
}

func TestUprightEveryOrientation(t *testing.T) {
	// A 3×2 image with a distinct value in each pixel: where pixel (0,0)
	// lands tells each orientation apart.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[i*4] = byte(i + 1)
		src.Pix[i*4+3] = 0xFF
	}
	tests := []struct {
		o       int
		w, h    int
		firstAt image.Point // where stored (0,0) is shown
	}{
		{1, 3, 2, image.Pt(0, 0)},
		{2, 3, 2, image.Pt(2, 0)},
		{3, 3, 2, image.Pt(2, 1)},
		{4, 3, 2, image.Pt(0, 1)},
		{5, 2, 3, image.Pt(0, 0)},
		{6, 2, 3, image.Pt(1, 0)},
		{7, 2, 3, image.Pt(1, 2)},
		{8, 2, 3, image.Pt(0, 2)},
	}
	// A grey image takes the general path; its pixel (0,0) is 1 as well.
	gray := image.NewGray(src.Bounds())
	for i := range 6 {
		gray.Pix[i] = byte(i + 1)
	}
	for _, tt := range tests {
		if r, _, _, _ := upright(gray, tt.o).At(tt.firstAt.X, tt.firstAt.Y).RGBA(); r>>8 != 1 {
			t.Errorf("orientation %d of a grey image: stored (0,0) is not at %v", tt.o, tt.firstAt)
		}
		got := upright(src, tt.o).(*image.RGBA)
		if got.Bounds().Dx() != tt.w || got.Bounds().Dy() != tt.h {
			t.Errorf("orientation %d: %v, want %d×%d", tt.o, got.Bounds(), tt.w, tt.h)
			continue
		}
		if v := got.Pix[got.PixOffset(tt.firstAt.X, tt.firstAt.Y)]; v != 1 {
			t.Errorf("orientation %d: stored (0,0) is not at %v (found %d there)", tt.o, tt.firstAt, v)
		}
	}
}
