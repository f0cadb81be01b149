package pdfdoc

import (
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
)

// pageBreak, given as a paragraph to Write, starts a new page.
const pageBreak = "\f"

// Write makes a simple A4 PDF document: a title page line and paragraphs, with the given metadata, for demo content and tests.
//
// It uses the core Helvetica font, which covers Windows-1252 (Western
// European text, with characters like é, – and ’); other characters print
// as dots. A paragraph that is just "\f" (form feed) starts a new page.
func Write(w io.Writer, title, author string, paragraphs []string) error {
	f := fpdf.New("P", "mm", "A4", "")
	// Core fonts are encoded in cp1252, while Go strings are UTF-8.
	tr := f.UnicodeTranslatorFromDescriptor("")
	f.SetTitle(metaText(title), true)
	f.SetAuthor(metaText(author), true)
	f.SetCreator("orgsite", false)
	f.SetAutoPageBreak(true, 20)
	f.AddPage()
	f.SetFont("Helvetica", "B", 18)
	f.MultiCell(0, 9, tr(title), "", "L", false)
	f.Ln(4)
	f.SetFont("Helvetica", "", 11)
	for _, p := range paragraphs {
		if p == pageBreak {
			f.AddPage()
			continue
		}
		f.MultiCell(0, 5.5, tr(p), "", "L", false)
		f.Ln(3)
	}
	return f.Output(w)
}

// metaText prepares a string for fpdf's UTF-8 metadata, whose converter to
// UTF-16 reads past the end of invalid UTF-8 and garbles characters outside
// the Basic Multilingual Plane.
func metaText(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
