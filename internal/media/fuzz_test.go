package media

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"orgsite/internal/testkit"
)

// FuzzSave feeds arbitrary bytes to Save. It must never panic; a success
// must leave exactly the files it reports, under valid names; a refusal
// must leave nothing.
func FuzzSave(f *testing.F) {
	f.Add([]byte{})
	f.Add(testkit.JPEG(f, 500, 8))
	f.Add(testkit.AlphaPNG(f, 490, 4))
	f.Add(testkit.GIF(f, 500, 4))
	f.Add(testkit.LosslessWebP(600, 2, color.NRGBA{1, 2, 3, 4}))
	f.Add([]byte(testkit.PDF))
	f.Add(testkit.PNGHeader(100000, 100000))
	f.Add(testkit.PNGHeader(1, 1))
	f.Add([]byte("<svg onload=alert(1)>"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00\xff\xff\x00\xff\xff\x00"))
	if tiny, err := os.ReadFile("testdata/tiny.webp"); err == nil {
		f.Add(tiny)
	}

	// One store for all runs: a worker runs them one at a time, and each
	// run must leave the directory empty anyway.
	s := newStore(f, 1<<20)
	// A small pixel limit keeps each run quick and its memory low; the
	// limit's own logic is the same at any size.
	s.MaxPixels = 1 << 20

	f.Fuzz(func(t *testing.T, data []byte) {

		file, err := s.Save(bytes.NewReader(data))
		names := dirNames(t, s)
		if err != nil {
			if len(names) != 0 {
				t.Fatalf("Save failed (%v) but left %v", err, names)
			}
			return
		}
		want := []string{file.Name}
		for _, v := range file.Variants {
			want = append(want, v.Name)
		}
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Fatalf("Save reported %v, dir holds %v", want, names)
		}
		for _, n := range names {
			if !ValidName(n) {
				t.Fatalf("stored name %q is not valid", n)
			}
		}
		if st, err := os.Stat(filepath.Join(s.Dir, file.Name)); err != nil || st.Size() != file.Size {
			t.Fatalf("Size %d for a stored original of %v", file.Size, st)
		}
		if file.Kind == KindImage && (file.Width <= 0 || file.Height <= 0) {
			t.Fatalf("image with size %d×%d", file.Width, file.Height)
		}
		if err := s.Remove(file); err != nil {
			t.Fatal(err)
		}
		if left := dirNames(t, s); len(left) != 0 {
			t.Fatalf("Remove left %v", left)
		}
	})
}
