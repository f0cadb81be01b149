package media

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"io"
)

// A photo from a recent phone or a designer's export is often in a wider
// colour space than sRGB (Display P3, Adobe RGB), said by an ICC profile
// embedded in the file. Its pixel values mean other colours without it:
// dropped, a P3 photo shows dull, an Adobe RGB one washed out. So the
// profile of an upload is carried over to the files made from it, the
// only metadata that is: it says how to show the pixels, nothing about
// who took them or where. The pixels are not converted to sRGB; every
// browser applies an embedded profile.

// maxProfile bounds a profile read from an upload: real ones are 0.5–600
// KB, and a claimed size is never trusted further.
const maxProfile = 4 << 20

// iccProfile returns the ICC profile embedded in an upload of type ft, or
// nil when it has none, it cannot be read, or it does not describe RGB
// pixels: the site writes RGB files, for which a CMYK, grey or Lab
// profile would be wrong.
func iccProfile(ft *fileType, r io.Reader) []byte {
	var p []byte
	switch ft.ext {
	case ".jpg":
		p = jpegProfile(bufio.NewReader(r))
	case ".png":
		p = pngProfile(r)
	case ".webp":
		p = webpProfile(r)
	}
	if !rgbProfile(p) {
		return nil
	}
	return p
}

// rgbProfile reports whether p is an ICC profile (its header's signature)
// of a device or colour space with RGB data.
func rgbProfile(p []byte) bool {
	return len(p) >= 128 && int(binary.BigEndian.Uint32(p)) == len(p) &&
		string(p[36:40]) == "acsp" && string(p[16:20]) == "RGB "
}

// iccMarker opens a JPEG APP2 segment that holds (a part of) a profile.
const iccMarker = "ICC_PROFILE\x00"

// jpegProfile reads the APP2 segments before the image data: a profile
// larger than a segment is split over several, numbered.
func jpegProfile(r *bufio.Reader) []byte {
	var soi [2]byte
	if _, err := io.ReadFull(r, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return nil
	}
	parts := map[byte][]byte{}
	var count byte
	total := 0
	for {
		marker, data, ok := jpegSegment(r)
		if !ok {
			break
		}
		if marker != 0xE2 || len(data) < len(iccMarker)+2 || string(data[:len(iccMarker)]) != iccMarker {
			continue
		}
		// Numbered from 1, of a count that every part repeats.
		seq, n := data[len(iccMarker)], data[len(iccMarker)+1]
		total += len(data)
		if seq == 0 || seq > n || (count != 0 && n != count) || total > maxProfile {
			return nil
		}
		count, parts[seq] = n, data[len(iccMarker)+2:]
	}
	return joinParts(parts, count)
}

// joinParts puts parts 1 to count together; nil if any is missing.
func joinParts(parts map[byte][]byte, count byte) []byte {
	var p []byte
	for seq := byte(1); count > 0 && seq <= count; seq++ {
		part, ok := parts[seq]
		if !ok {
			return nil
		}
		p = append(p, part...)
	}
	return p
}

// jpegSegment reads the next marker segment of a JPEG header; ok is false
// at the start of the image data or on any error.
func jpegSegment(r *bufio.Reader) (marker byte, data []byte, ok bool) {
	b, err := r.ReadByte()
	for err == nil && b == 0xFF { // fill bytes may pad a marker
		b, err = r.ReadByte()
	}
	if err != nil || b == 0xDA || b == 0xD9 { // start of scan, end of image
		return 0, nil, false
	}
	if b == 0x01 || (b >= 0xD0 && b <= 0xD7) { // no length
		return b, nil, true
	}
	var size [2]byte
	if _, err := io.ReadFull(r, size[:]); err != nil || binary.BigEndian.Uint16(size[:]) < 2 {
		return 0, nil, false
	}
	data = make([]byte, binary.BigEndian.Uint16(size[:])-2)
	if _, err := io.ReadFull(r, data); err != nil {
		return 0, nil, false
	}
	return b, data, true
}

// pngProfile reads the iCCP chunk, which comes before the image data.
func pngProfile(r io.Reader) []byte {
	var p []byte
	eachPNGChunk(r, func(kind string, data []byte) bool {
		if kind == "iCCP" {
			p = inflateICCP(data)
		}
		return kind == "iCCP" || kind == "IDAT"
	})
	return p
}

// eachPNGChunk calls fn with each chunk of a PNG file, up to IEND, an
// error or fn's true.
func eachPNGChunk(r io.Reader, fn func(kind string, data []byte) (stop bool)) {
	var sig [8]byte
	if _, err := io.ReadFull(r, sig[:]); err != nil || string(sig[:]) != "\x89PNG\r\n\x1a\n" {
		return
	}
	for {
		var head [8]byte
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return
		}
		n, kind := binary.BigEndian.Uint32(head[:4]), string(head[4:])
		if kind == "IEND" || n > maxProfile {
			return
		}
		data := make([]byte, n+4) // and its CRC
		if _, err := io.ReadFull(r, data); err != nil || fn(kind, data[:n]) {
			return
		}
	}
}

// inflateICCP reads the profile from an iCCP chunk's data: a name, a
// zero, the compression method (0, zlib), the compressed profile.
func inflateICCP(data []byte) []byte {
	name, rest, found := bytes.Cut(data, []byte{0})
	if !found || len(name) == 0 || len(rest) < 1 || rest[0] != 0 {
		return nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(rest[1:]))
	if err != nil {
		return nil
	}
	p, err := io.ReadAll(io.LimitReader(zr, maxProfile+1))
	if err != nil || len(p) > maxProfile {
		return nil
	}
	return p
}

// webpProfile reads the ICCP chunk of an extended WebP file, which
// follows its VP8X chunk, before any image data.
func webpProfile(r io.Reader) []byte {
	var p []byte
	eachWebPChunk(r, func(kind string, data []byte) bool {
		if kind == "ICCP" {
			p = data
		}
		return kind != "VP8X"
	})
	return p
}

// eachWebPChunk calls fn with each chunk of a WebP file, up to the end,
// an error or fn's true.
func eachWebPChunk(r io.Reader, fn func(kind string, data []byte) (stop bool)) {
	var head [12]byte
	if _, err := io.ReadFull(r, head[:]); err != nil || string(head[:4]) != "RIFF" || string(head[8:]) != "WEBP" {
		return
	}
	for {
		kind, data, ok := readWebPChunk(r)
		if !ok || fn(kind, data) {
			return
		}
	}
}

// readWebPChunk reads the next chunk of a WebP file: the data of those
// that hold a profile or metadata, only the kind of the others.
func readWebPChunk(r io.Reader) (kind string, data []byte, ok bool) {
	var chunk [8]byte
	if _, err := io.ReadFull(r, chunk[:]); err != nil {
		return "", nil, false
	}
	kind, n := string(chunk[:4]), int64(binary.LittleEndian.Uint32(chunk[4:]))
	pad := n % 2 // chunks are padded to an even size
	switch kind {
	case "ICCP", "VP8X", "EXIF", "XMP ":
		if n > maxProfile {
			return "", nil, false
		}
		data = make([]byte, n)
		if _, err := io.ReadFull(r, data); err != nil {
			return "", nil, false
		}
		n = 0
	}
	if _, err := io.CopyN(io.Discard, r, n); err != nil {
		return "", nil, false
	}
	io.CopyN(io.Discard, r, pad) // a last chunk may lack it
	return kind, data, true
}

// withProfile returns a writer that writes through to w a file of type ext
// (".jpg" or ".png", as the image encoders write them) with profile
// embedded where that format carries it; w itself for no profile.
func withProfile(w io.Writer, ext string, profile []byte) io.Writer {
	if profile == nil {
		return w
	}
	if ext == ".png" {
		// After the signature (8 bytes) and the IHDR chunk (25), which
		// image/png writes first; iCCP must come before the image data.
		return &inserter{w: w, at: 33, insert: pngICCP(profile)}
	}
	return &inserter{w: w, at: 2, insert: jpegAPP2(profile)} // after SOI
}

// jpegAPP2 is profile as APP2 segments, split to fit their 16-bit length.
func jpegAPP2(profile []byte) []byte {
	const room = 0xFFFF - 2 - len(iccMarker) - 2
	count := (len(profile) + room - 1) / room
	var b bytes.Buffer
	for i := range count {
		part := profile[i*room : min(len(profile), (i+1)*room)]
		b.Write([]byte{0xFF, 0xE2})
		binary.Write(&b, binary.BigEndian, uint16(2+len(iccMarker)+2+len(part)))
		b.WriteString(iccMarker)
		b.Write([]byte{byte(i + 1), byte(count)})
		b.Write(part)
	}
	return b.Bytes()
}

// pngICCP is profile as a PNG iCCP chunk.
func pngICCP(profile []byte) []byte {
	var data bytes.Buffer
	data.WriteString("ICC profile\x00\x00") // name, end of name, zlib
	zw := zlib.NewWriter(&data)
	zw.Write(profile)
	zw.Close()

	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(data.Len()))
	b.WriteString("iCCP")
	b.Write(data.Bytes())
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(b.Bytes()[4:]))
	return b.Bytes()
}

// inserter writes insert into a stream at byte offset at.
type inserter struct {
	w      io.Writer
	at     int
	insert []byte // nil once written
	n      int    // bytes written before it
}

func (x *inserter) Write(p []byte) (int, error) {
	done := 0
	if x.insert != nil && x.n+len(p) >= x.at {
		k := x.at - x.n
		if _, err := x.w.Write(p[:k]); err != nil {
			return 0, err
		}
		if _, err := x.w.Write(x.insert); err != nil {
			return k, err
		}
		x.insert, done, p = nil, k, p[k:]
	}
	m, err := x.w.Write(p)
	x.n += done + m
	return done + m, err
}
