package media

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Images uploaded before uploads were cleaned (see clean.go) were kept as
// uploaded, GPS and all. Reclean gives them what a new upload gets, under
// the names they have, since pages and bodies link to those.

// Reclean rewrites the served files of an image stored with the metadata
// it was uploaded with: a JPEG or PNG is encoded afresh, upright, with its
// colour profile, and its variants made again (a photo turned upright has
// other heights, and may be too narrow for its widest variant); a WebP original loses
// its EXIF and XMP chunks, its pixels untouched. It returns the file as it
// is stored now, and whether anything changed: files with nothing to
// remove (every file this version writes, GIFs, documents) are left as
// they are. On an error the old files stay served.
func (s *Store) Reclean(f File) (File, bool, error) {
	if f.Kind != KindImage || !ValidName(f.Name) || strings.Contains(f.Name, "-") {
		return f, false, nil
	}
	in, info, err := s.Open(f.Name)
	if errors.Is(err, ErrNotFound) {
		return f, false, nil // gone from the folder: nothing is served
	}
	if err != nil {
		return f, false, err
	}
	defer in.Close()
	n := info.Size()
	content := func() io.Reader { return bufio.NewReaderSize(io.NewSectionReader(in, 0, n), 64<<10) }
	var head [16]byte
	m, _ := in.ReadAt(head[:], 0)
	ft := sniff(head[:m])
	if ft == nil || ft.ext == ".gif" || ft.ext != filepath.Ext(f.Name) || !hasMetadata(ft, content()) {
		return f, false, nil
	}

	w := &writer{s: s}
	defer w.removeTemps()
	if ft.ext == ".webp" {
		return w.stripWebP(f, content())
	}
	release := s.acquireDecode()
	defer release()
	img, err := s.decode(ft, content)
	if err != nil {
		return f, false, err
	}
	out, err := w.writeImage(ft, f.Name[:len(f.Name)-len(ft.ext)], content, eightBit(img))
	if err != nil {
		return f, false, err
	}
	// A variant the upright image no longer has (turned upright, a photo
	// may be too narrow for its widest) stays on disk for a body that links
	// it: made from pixels, it never carried metadata.
	return out, true, nil
}

// removeTemps deletes the temp files a failed Reclean left; the final
// names it wrote are files as good as those they replaced.
func (w *writer) removeTemps() {
	for _, p := range w.written {
		if strings.HasPrefix(filepath.Base(p), tmpPrefix) {
			os.Remove(p)
		}
	}
}

// hasMetadata reports whether an image carries anything besides its
// pixels and colour profile: EXIF (GPS, camera, orientation), XMP, IPTC,
// comments, text chunks.
func hasMetadata(ft *fileType, r io.Reader) bool {
	found := false
	switch ft.ext {
	case ".jpg":
		found = jpegHasMetadata(bufio.NewReader(r))
	case ".png":
		eachPNGChunk(r, func(kind string, _ []byte) bool {
			found = kind == "eXIf" || kind == "tEXt" || kind == "iTXt" || kind == "zTXt" || kind == "tIME"
			return found
		})
	case ".webp":
		eachWebPChunk(r, func(kind string, _ []byte) bool {
			found = kind == "EXIF" || kind == "XMP "
			return found
		})
	}
	return found
}

func jpegHasMetadata(r *bufio.Reader) bool {
	if _, err := r.Discard(2); err != nil { // SOI
		return false
	}
	for {
		marker, _, ok := jpegSegment(r)
		if !ok {
			return false
		}
		// APP0 (JFIF), APP2 (the profile) and APP14 (Adobe's colour
		// transform) say how to read the pixels; any other APPn and
		// comments are metadata.
		if marker == 0xFE || (marker >= 0xE1 && marker <= 0xEF && marker != 0xE2 && marker != 0xEE) {
			return true
		}
	}
}

// stripWebP writes f again without its EXIF and XMP chunks, and without
// the flags that announce them.
func (w *writer) stripWebP(f File, r io.Reader) (File, bool, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return f, false, err
	}
	var out bytes.Buffer
	out.WriteString("RIFF\x00\x00\x00\x00WEBP")
	for rest := data[12:]; len(rest) >= 8; {
		kind, n := string(rest[:4]), int(binary.LittleEndian.Uint32(rest[4:8]))
		end := min(len(rest), 8+n+n%2)
		chunk := rest[:end]
		rest = rest[end:]
		switch kind {
		case "EXIF", "XMP ":
			continue
		case "VP8X":
			chunk = bytes.Clone(chunk)
			if len(chunk) > 8 {
				chunk[8] &^= 0x08 | 0x04 // the EXIF and XMP flags
			}
		}
		out.Write(chunk)
	}
	binary.LittleEndian.PutUint32(out.Bytes()[4:], uint32(out.Len()-8))
	size, err := w.writeFile(f.Name, func(o io.Writer) error { _, err := o.Write(out.Bytes()); return err })
	if err != nil {
		return f, false, err
	}
	f.Size = size
	return f, true, nil
}
