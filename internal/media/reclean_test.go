package media

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/image/webp"
)

// storeAsOld puts testdata/fixture in a new store as a version before
// cleaning did: byte for byte, with variants at the widths it had then.
func storeAsOld(t *testing.T, fixture string, width, height int) (*Store, File) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t, 1<<20)
	stem := randomStem()
	ext := filepath.Ext(fixture)
	f := File{Name: stem + ext, Kind: KindImage, MIME: ContentType(stem + ext), Size: int64(len(data)), Width: width, Height: height}
	if err := os.WriteFile(filepath.Join(s.Dir, f.Name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{480, 960} {
		if w < width {
			v := Variant{Width: w, Height: height * w / width, Name: stem + "-" + strconv.Itoa(w) + ".jpg"}
			if err := os.WriteFile(filepath.Join(s.Dir, v.Name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			f.Variants = append(f.Variants, v)
		}
	}
	return s, f
}

// TestRecleanOldUploads: files stored as uploaded by earlier versions are
// cleaned under the names pages link to, once.
func TestRecleanOldUploads(t *testing.T) {
	tests := []struct {
		fixture       string
		width, height int // as stored before
		wantW, wantH  int
		variants      []int
	}{
		// Stored lying down; upright it is 600 wide: the 960 variant goes.
		{"phone-adobergb-gps.jpg", 1000, 600, 600, 1000, []int{480}},
		{"logo-gps.png", 30, 20, 30, 20, nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			s, old := storeAsOld(t, tt.fixture, tt.width, tt.height)
			f, changed, err := s.Reclean(old)
			if err != nil || !changed {
				t.Fatalf("Reclean: %v, changed %v", err, changed)
			}
			if f.Name != old.Name || f.Width != tt.wantW || f.Height != tt.wantH || len(f.Variants) != len(tt.variants) {
				t.Fatalf("now %s %d×%d with %v; want %s %d×%d, widths %v", f.Name, f.Width, f.Height, f.Variants, old.Name, tt.wantW, tt.wantH, tt.variants)
			}
			for i, v := range f.Variants {
				if v.Width != tt.variants[i] {
					t.Errorf("variant %d is %d wide, want %d", i, v.Width, tt.variants[i])
				}
				exiftoolFinds(t, filepath.Join(s.Dir, v.Name))
			}
			exiftoolFinds(t, filepath.Join(s.Dir, f.Name))
			info, err := os.Stat(filepath.Join(s.Dir, f.Name))
			if err != nil || info.Size() != f.Size {
				t.Errorf("recorded size %d, on disk %v (%v)", f.Size, info.Size(), err)
			}
			for _, v := range old.Variants {
				if _, err := os.Stat(filepath.Join(s.Dir, v.Name)); err != nil {
					t.Errorf("%s, which a body may link, is gone: %v", v.Name, err)
				}
			}
			if _, again, err := s.Reclean(f); again || err != nil {
				t.Errorf("a second Reclean changed it again (%v)", err)
			}
		})
	}
}

// TestRecleanWebP: a WebP keeps its pixels and loses its EXIF and XMP.
func TestRecleanWebP(t *testing.T) {
	s, old := storeAsOld(t, "tiny-gps.webp", 3, 2)
	f, changed, err := s.Reclean(old)
	if err != nil || !changed || f.Name != old.Name || f.Size >= old.Size {
		t.Fatalf("Reclean: %v, changed %v, %d bytes of %d", err, changed, f.Size, old.Size)
	}
	path := filepath.Join(s.Dir, f.Name)
	exiftoolFinds(t, path)
	b, _ := os.ReadFile(path)
	before, _ := os.ReadFile(filepath.Join("testdata", "tiny-gps.webp"))
	got, err1 := webp.Decode(bytes.NewReader(b))
	want, err2 := webp.Decode(bytes.NewReader(before))
	if err1 != nil || err2 != nil || !sameImage(got, want) {
		t.Errorf("the pixels changed: %v, %v", err1, err2)
	}
	if bytes.Contains(b, []byte("Staff Phone")) || bytes.Contains(b, []byte("EXIF")) {
		t.Error("the metadata is still there")
	}
}

// TestRecleanLeavesCleanFiles: what this version stores, GIFs and
// documents are not touched.
func TestRecleanLeavesCleanFiles(t *testing.T) {
	s, f := saveFixture(t, "phone-sideways-gps.jpg")
	before, _ := os.ReadFile(filepath.Join(s.Dir, f.Name))
	if _, changed, err := s.Reclean(f); changed || err != nil {
		t.Errorf("a clean upload was rewritten (%v)", err)
	}
	after, _ := os.ReadFile(filepath.Join(s.Dir, f.Name))
	if !bytes.Equal(before, after) {
		t.Error("its bytes changed")
	}
	for _, other := range []File{{Name: f.Name[:32] + ".pdf", Kind: KindDocument}, {Name: "../../etc/passwd", Kind: KindImage}, {Name: randomStem() + ".jpg", Kind: KindImage}} {
		if _, changed, err := s.Reclean(other); changed || err != nil {
			t.Errorf("%s: changed %v, %v", other.Name, changed, err)
		}
	}
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
