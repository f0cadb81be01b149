// Package markdown turns the Markdown that staff write into HTML that is safe
// to put on a public page. It runs once, when content is saved; pages serve
// the stored result.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

var (
	// Raw HTML in the source is passed through goldmark so that bluemonday,
	// not the Markdown parser, decides what survives: one place to audit.
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(mediaTransformer{}, 500))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(mediaRenderer{}, 500))),
	)
	policy = newPolicy()
	plain  = bluemonday.StrictPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	// UGCPolicy already drops scripts, event handlers, styles, iframes, SVG
	// and javascript: URLs. Links to other sites open normally but tell the
	// browser not to pass our window to them.
	p.RequireNoFollowOnLinks(false)
	p.RequireNoReferrerOnFullyQualifiedLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowAttrs("id").Matching(bluemonday.Paragraph).OnElements("h2", "h3", "h4", "h5", "h6")
	// What the library's images and documents are written with, and no
	// more: copies of our own files, the one sizes, lazy loading, and a
	// document link's type and download.
	// Alt text is any text: the policy's default drops the whole attribute
	// for a quotation mark or a question mark, leaving an image without.
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetPattern).OnElements("img")
	p.AllowAttrs("sizes").Matching(sizesPattern).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^application/pdf$`)).OnElements("a")
	p.AllowAttrs("download").Matching(regexp.MustCompile(`^$`)).OnElements("a")
	return p
}

// Limits on the shapes of Markdown whose parsing time grows with the
// square of their size: a 200,000-character body of nested quotes or of
// unclosed links would otherwise hold a core for half a minute.
const (
	MaxQuoteDepth = 32   // ">" at the start of one line
	MaxLinkParts  = 2000 // "](" in one body
)

// ErrTooComplex says which limit a body goes past.
type ErrTooComplex string

func (e ErrTooComplex) Error() string { return string(e) }

// Check says whether src is simple enough to render in bounded time.
func Check(src string) error {
	if strings.Count(src, "](") > MaxLinkParts {
		return ErrTooComplex("The text has more than " + strconv.Itoa(MaxLinkParts) + " links; split it into several pages.")
	}
	for line := range strings.Lines(src) {
		depth := 0
		for _, r := range line {
			if r == '>' {
				depth++
			} else if r != ' ' && r != '\t' {
				break
			}
		}
		if depth > MaxQuoteDepth {
			return ErrTooComplex("A quotation is nested more than " + strconv.Itoa(MaxQuoteDepth) + " levels deep.")
		}
	}
	return nil
}

// Render converts Markdown to sanitised HTML. A body past the limits of
// Check is shown as plain text instead, whoever saved it.
func Render(src string) string { return RenderWith(src, nil) }

// RenderWith is Render with the library files the body refers to (see
// MediaStems): their images are drawn from resized copies with the
// library's alt text and credit, their documents linked with type and size.
func RenderWith(src string, lib Library) string {
	if Check(src) != nil {
		return "<p>" + html.EscapeString(src) + "</p>"
	}
	pc := parser.NewContext()
	pc.Set(libraryKey, lib)
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		// goldmark only fails on writer errors, which a bytes.Buffer never
		// returns; fall back to escaped text rather than lose the content.
		return "<p>" + html.EscapeString(src) + "</p>"
	}
	return policy.Sanitize(buf.String())
}

// Sanitize cleans HTML from any source with the same policy as Render.
func Sanitize(h string) string { return policy.Sanitize(h) }

// PlainText strips rendered HTML to text, for search indexing and
// descriptions.
func PlainText(h string) string {
	// Block ends become spaces so that words of adjacent paragraphs do not
	// run together once tags are gone.
	// A heading runs into the paragraph after it unless something marks
	// its end; a dash reads naturally in snippets and descriptions.
	h = strings.NewReplacer("</p>", " </p>", "</li>", " </li>", "<br>", " ",
		"</h1>", " — </h1>", "</h2>", " — </h2>", "</h3>", " — </h3>", "</h4>", " — </h4>").Replace(h)
	return strings.Join(strings.Fields(html.UnescapeString(plain.Sanitize(h))), " ")
}
