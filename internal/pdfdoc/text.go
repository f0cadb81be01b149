package pdfdoc

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

var (
	errNoText         = errors.New("no text found: the PDF may hold only scanned images, so search will not find it by its content")
	errTextTime       = errors.New("text extraction stopped: it took too long")
	errPageTooComplex = errors.New("page content too large to extract text from")
	errTooManyFonts   = errors.New("page uses too many fonts")
)

// readText returns the text of pages, stopping at maxText bytes or when the
// text budget is spent. err is the first problem met; the text of the other
// pages is still returned.
func readText(pages []pdf.Page, g *guard) (text string, err error) {
	var out textBuf
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("reading text: %v", x)
		}
		text = out.String()
		if text == "" && err == nil {
			err = errNoText
		}
	}()
	fonts := newFontSet()
	for i, p := range pages {
		if out.full {
			break
		}
		if g.expired() {
			return "", firstErr(err, errTextTime) // and so is text here
		}
		s, perr := pageText(p, fonts)
		if perr != nil && err == nil {
			err = fmt.Errorf("the text of page %d could not be read: %w", i+1, perr)
		}
		out.add(s)
	}
	return "", err // text is filled in by the deferred function
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// pageText extracts one page's text with the library's plain-text API,
// after checking what it will read.
func pageText(p pdf.Page, fs *fontSet) (text string, err error) {
	defer func() {
		if x := recover(); x != nil {
			text, err = "", fmt.Errorf("%v", x)
		}
	}()
	size, err := checkContents(p.V.Key("Contents"))
	if err != nil {
		return "", err
	}
	fonts, cost, err := fs.forPage(p)
	if err != nil {
		return "", err
	}
	// The library decodes each character code by scanning the font's whole
	// table, with no file reads in between for the time budget to stop it.
	if size*(1+cost) > maxPageCost {
		return "", errPageTooComplex
	}
	return p.GetPlainText(fonts)
}

// fontSet remembers which fonts were checked, across pages. A font is
// known by its dictionary written out as text, which names its indirect
// parts by object number: equal text means the same font.
type fontSet struct {
	fonts map[string]fontEntry
	cmaps map[string]fontEntry // by /ToUnicode stream header and offset
}

type fontEntry struct {
	font *pdf.Font // shared so the library parses each font's encoding once
	cost int64     // entries in its decoding table
	err  error     // why it is refused
}

func newFontSet() *fontSet {
	return &fontSet{fonts: map[string]fontEntry{}, cmaps: map[string]fontEntry{}}
}

// forPage returns the fonts for p.GetPlainText and the largest decoding
// table among them. Passing a map (even empty) matters: with nil the library
// loads the fonts itself, unchecked.
func (fs *fontSet) forPage(p pdf.Page) (map[string]*pdf.Font, int64, error) {
	dict := p.Resources().Key("Font")
	names := dict.Keys()
	if len(names) > maxPageFonts {
		return nil, 0, errTooManyFonts
	}
	fonts := make(map[string]*pdf.Font, len(names))
	var cost int64
	for _, name := range names {
		e := fs.entry(dict.Key(name))
		if e.err != nil {
			return nil, 0, fmt.Errorf("font %s: %w", name, e.err)
		}
		fonts[name] = e.font
		cost = max(cost, e.cost)
	}
	return fonts, cost, nil
}

func (fs *fontSet) entry(v pdf.Value) fontEntry {
	key := v.String()
	if e, ok := fs.fonts[key]; ok {
		return e
	}
	e := fontEntry{font: &pdf.Font{V: v}}
	e.cost, e.err = fs.fontCost(v)
	fs.fonts[key] = e
	return e
}

// fontCost checks the decoding table the library will use for font v, as
// chosen by its Font.Encoder: /Differences for an encoding dictionary, the
// /ToUnicode map for Identity-H or no encoding.
func (fs *fontSet) fontCost(v pdf.Value) (int64, error) {
	enc := v.Key("Encoding")
	switch {
	case enc.Kind() == pdf.Dict:
		n := int64(enc.Key("Differences").Len())
		if n > maxDifferences {
			return 0, errBigEncoding
		}
		return n * differencesWeight, nil
	case enc.Kind() != pdf.Null && enc.Name() != "Identity-H":
		return 0, nil
	}
	tu := v.Key("ToUnicode")
	if tu.Kind() != pdf.Stream {
		return 0, nil
	}
	key := tu.String()
	e, ok := fs.cmaps[key]
	if !ok {
		e.cost, e.err = cmapCost(tu)
		fs.cmaps[key] = e
	}
	return e.cost, e.err
}

// textBuf collects text with runs of white space (and of control and
// replacement characters, which broken encodings produce) collapsed to one
// space, up to maxText bytes.
type textBuf struct {
	b    strings.Builder
	full bool
}

func isBreak(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
}

func (t *textBuf) add(s string) {
	s = strings.ToValidUTF8(s, " ")
	for word := range strings.FieldsFuncSeq(s, isBreak) {
		if !t.write(word) {
			return
		}
	}
}

// write appends one word, cutting it on a rune boundary if it does not fit.
func (t *textBuf) write(word string) bool {
	if t.full {
		return false
	}
	sep := 0
	if t.b.Len() > 0 {
		sep = 1
	}
	if room := maxText - t.b.Len() - sep; len(word) > room {
		for room > 0 && !utf8.RuneStart(word[room]) {
			room--
		}
		word, t.full = word[:max(room, 0)], true
	}
	if word == "" {
		return !t.full
	}
	if sep == 1 {
		t.b.WriteByte(' ')
	}
	t.b.WriteString(word)
	return !t.full
}

func (t *textBuf) String() string { return t.b.String() }
