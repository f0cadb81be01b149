package markdown

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Media is a file of the media library as a body shows it: an image drawn
// from its resized copies with its alt text and credit, or a document
// linked with its type and size.
type Media struct {
	URL           string // the original, "/media/<name>"
	Document      bool
	Type          string // "PDF"; for documents
	MIME          string
	Size          int64
	Pages         int
	Width, Height int       // of the original; 0 for documents
	Variants      []Variant // resized copies, smallest first
	Title         string    // a label for people, used for a link without text
	Alt, Credit   string
}

// Variant is a resized copy of an image.
type Variant struct {
	URL           string
	Width, Height int
}

// Library holds the library files a body refers to, by the path of the
// original and of each resized copy.
type Library map[string]Media

// Add files m under each of its paths.
func (l Library) Add(m Media) {
	l[m.URL] = m
	for _, v := range m.Variants {
		l[v.URL] = m
	}
}

// BodySizes says how wide a body image is drawn; it follows .prose in
// site.css.
const BodySizes = "(min-width: 48rem) 46rem, 100vw"

// mediaRef finds the stored names that a body mentions under /media/.
var mediaRef = regexp.MustCompile(`/media/([0-9a-f]{32})(?:-[0-9]+)?\.[a-z]+`)

// MediaStems lists the 32-hex-digit stems of the library files src refers
// to (an original and its copies share one), each once, at most limit.
func MediaStems(src string, limit int) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range mediaRef.FindAllStringSubmatch(src, -1) {
		if !seen[m[1]] && len(out) < limit {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// libraryKey carries the Library of one conversion to the transformer.
var libraryKey = parser.NewContextKey()

// mediaTransformer replaces the images and links that point into the
// library: an image alone in its paragraph becomes a figure, any other a
// responsive image; a document becomes a download link.
type mediaTransformer struct{}

func (mediaTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	lib, _ := pc.Get(libraryKey).(Library)
	if len(lib) == 0 {
		return
	}
	src := reader.Source()
	var found []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindImage || n.Kind() == ast.KindLink) {
			found = append(found, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		replaceMedia(n, lib, src)
	}
}

func replaceMedia(n ast.Node, lib Library, src []byte) {
	var dest, title []byte
	img, isImage := n.(*ast.Image)
	if isImage {
		dest, title = img.Destination, img.Title
	} else {
		l := n.(*ast.Link)
		dest, title = l.Destination, l.Title
	}
	m, ok := lib[string(dest)]
	switch {
	case !ok:
		return
	case m.Document:
		link := &fileLink{Media: m, Title: string(title)}
		moveChildren(n, link, isImage, src)
		n.Parent().ReplaceChild(n.Parent(), n, link)
	case isImage:
		fig := &bodyImage{Media: m, Alt: plainOf(n, src), Title: string(title)}
		if p := n.Parent(); p.Kind() == ast.KindParagraph && p.ChildCount() == 1 && p.Parent() != nil {
			fig.Figure = true
			p.Parent().ReplaceChild(p.Parent(), p, &figureBlock{Image: fig})
			return
		}
		n.Parent().ReplaceChild(n.Parent(), n, fig)
	}
}

// moveChildren gives a document link the text of the link or image it
// replaces (an image's alt text is plain text); without text, the file's
// title.
func moveChildren(from ast.Node, to *fileLink, image bool, src []byte) {
	if image || !from.HasChildren() {
		label := plainOf(from, src)
		if label == "" {
			label = to.Media.Title
		}
		to.AppendChild(to, ast.NewString([]byte(label)))
		return
	}
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

// plainOf is the text inside a node, as an image's alt attribute has it.
func plainOf(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.WriteString(html.UnescapeString(string(util.UnescapePunctuations(t.Segment.Value(src)))))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String: // the typographer's quotes and dashes, as entities
			b.WriteString(html.UnescapeString(string(t.Value)))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

var (
	kindBodyImage = ast.NewNodeKind("BodyImage")
	kindFigure    = ast.NewNodeKind("BodyFigure")
	kindFileLink  = ast.NewNodeKind("FileLink")
)

// bodyImage is a library image drawn from its resized copies.
type bodyImage struct {
	ast.BaseInline
	Media  Media
	Alt    string // from the Markdown; the library's when empty
	Title  string
	Figure bool
}

func (n *bodyImage) Kind() ast.NodeKind           { return kindBodyImage }
func (n *bodyImage) Dump(src []byte, level int)   { ast.DumpHelper(n, src, level, nil, nil) }
func (n *figureBlock) Kind() ast.NodeKind         { return kindFigure }
func (n *figureBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (n *fileLink) Kind() ast.NodeKind            { return kindFileLink }
func (n *fileLink) Dump(src []byte, level int)    { ast.DumpHelper(n, src, level, nil, nil) }

// figureBlock is a library image alone in its paragraph: a figure with
// the credit (and the Markdown title) as its caption.
type figureBlock struct {
	ast.BaseBlock
	Image *bodyImage
}

// fileLink links a library document with its type and size.
type fileLink struct {
	ast.BaseInline
	Media Media
	Title string
}

// mediaRenderer writes the nodes of mediaTransformer.
type mediaRenderer struct{}

func (mediaRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindBodyImage, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			writeImage(w, n.(*bodyImage))
		}
		return ast.WalkSkipChildren, nil
	})
	r.Register(kindFigure, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			writeFigure(w, n.(*figureBlock).Image)
		}
		return ast.WalkSkipChildren, nil
	})
	r.Register(kindFileLink, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		writeFileLink(w, n.(*fileLink), entering)
		return ast.WalkContinue, nil
	})
}

func writeFigure(w util.BufWriter, img *bodyImage) {
	w.WriteString("<figure>")
	writeImage(w, img)
	caption := img.Title
	if img.Media.Credit != "" {
		caption = strings.TrimSpace(caption + " " + img.Media.Credit)
	}
	if caption != "" {
		w.WriteString("<figcaption>")
		if img.Title != "" && img.Media.Credit != "" {
			w.WriteString(html.EscapeString(img.Title) + " <small>" + html.EscapeString(img.Media.Credit) + "</small>")
		} else {
			w.WriteString(html.EscapeString(caption))
		}
		w.WriteString("</figcaption>")
	}
	w.WriteString("</figure>\n")
}

// writeImage draws an image from its copies: the browser picks by width;
// src is the copy of the column's width, so the original (often several
// megabytes) is only served when there is no copy at all.
func writeImage(w util.BufWriter, img *bodyImage) {
	m := img.Media
	src, width, height := m.URL, m.Width, m.Height
	var set []string
	for _, v := range m.Variants {
		set = append(set, v.URL+" "+strconv.Itoa(v.Width)+"w")
		if src == m.URL || v.Width <= 960 {
			src = v.URL
		}
	}
	alt := img.Alt
	if alt == "" {
		alt = m.Alt
	}
	w.WriteString(`<img src="` + html.EscapeString(src) + `"`)
	if len(set) > 0 {
		w.WriteString(` srcset="` + html.EscapeString(strings.Join(set, ", ")) + `" sizes="` + BodySizes + `"`)
	}
	if width > 0 && height > 0 {
		w.WriteString(` width="` + strconv.Itoa(width) + `" height="` + strconv.Itoa(height) + `"`)
	}
	w.WriteString(` alt="` + html.EscapeString(alt) + `" loading="lazy" decoding="async">`)
}

func writeFileLink(w util.BufWriter, l *fileLink, entering bool) {
	if entering {
		w.WriteString(`<a href="` + html.EscapeString(l.Media.URL) + `" type="` + html.EscapeString(l.Media.MIME) + `" download`)
		if l.Title != "" {
			w.WriteString(` title="` + html.EscapeString(l.Title) + `"`)
		}
		w.WriteString(">")
		return
	}
	w.WriteString(" <span>(" + html.EscapeString(FileFacts(l.Media)) + ")</span></a>")
}

// FileFacts says what a reader is about to download: "PDF, 2.1 MB, 12 pages".
func FileFacts(m Media) string {
	facts := []string{m.Type, formatSize(m.Size)}
	if m.Pages == 1 {
		facts = append(facts, "1 page")
	} else if m.Pages > 1 {
		facts = append(facts, strconv.Itoa(m.Pages)+" pages")
	}
	if facts[0] == "" {
		facts = facts[1:]
	}
	return strings.Join(facts, ", ")
}

// formatSize is media.FormatSize, which this package cannot import
// without pulling the image codecs into everything that renders text.
func formatSize(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n >= mb:
		s := strconv.FormatFloat(float64(n)/mb, 'f', 1, 64)
		return strings.TrimSuffix(s, ".0") + " MB"
	case n >= kb:
		return strconv.FormatInt((n+kb/2)/kb, 10) + " KB"
	case n == 1:
		return "1 byte"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// mediaAttrs are the attributes mediaRenderer writes beyond what the
// policy allows anyway; only library addresses pass.
var (
	srcsetPattern = regexp.MustCompile(`^/media/[0-9a-f]{32}-[0-9]+\.[a-z]+ [0-9]+w(, /media/[0-9a-f]{32}-[0-9]+\.[a-z]+ [0-9]+w)*$`)
	sizesPattern  = regexp.MustCompile(`^` + regexp.QuoteMeta(BodySizes) + `$`)
)
