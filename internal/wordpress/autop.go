package wordpress

import (
	"regexp"
	"strconv"
	"strings"
)

// A classic-editor post stores its paragraphs as blank lines, and its line
// breaks as single newlines: WordPress's wpautop() makes them <p> and <br />
// when the post is shown. autop does what it does, step for step, for the
// block elements it knows; the editor's own HTML blocks are left whole.

// autopBlocks are the elements wpautop never wraps in a paragraph.
const autopBlocks = `(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)`

var (
	autopOpenBlock   = regexp.MustCompile(`(<` + autopBlocks + `[\s/>])`)
	autopCloseBlock  = regexp.MustCompile(`(</` + autopBlocks + `>)`)
	autopParagraphs  = regexp.MustCompile(`\n\s*\n`)
	autopBlockOnly   = regexp.MustCompile(`<p>\s*(</?` + autopBlocks + `[^>]*>)\s*</p>`)
	autopLeadBlock   = regexp.MustCompile(`<p>\s*(<` + autopBlocks + `[^>]*>)`)
	autopTrailBlock  = regexp.MustCompile(`(</` + autopBlocks + `>)\s*</p>`)
	autopEmpty       = regexp.MustCompile(`<p>\s*</p>`)
	autopManyNewline = regexp.MustCompile(`\n\n+`)
	autopPre         = regexp.MustCompile(`(?s)<pre[\s>].*?</pre>`)
	autopOpenQuote   = regexp.MustCompile(`(?i)<p><blockquote([^>]*)>`)
	autopTextInBlock = regexp.MustCompile(`<p>([^<]+)</(div|address|form)>`)
)

// autop turns a classic post's blank lines into paragraphs and its single
// newlines into line breaks, as wpautop does.
func autop(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	if strings.TrimSpace(text) == "" {
		return ""
	}
	// <pre> keeps its newlines: set aside, put back at the end.
	var pres []string
	text = autopPre.ReplaceAllStringFunc(text, func(m string) string {
		pres = append(pres, m)
		return "<pre wp-pre-tag-" + strconv.Itoa(len(pres)-1) + "></pre>"
	})
	text = autopOpenBlock.ReplaceAllString(text, "\n\n$1")
	text = autopCloseBlock.ReplaceAllString(text, "$1\n\n")
	text = autopManyNewline.ReplaceAllString(text, "\n\n")

	var b strings.Builder
	for _, para := range autopParagraphs.Split(text, -1) {
		if para = strings.TrimSpace(para); para != "" {
			// What is left of a newline inside a paragraph is a line break.
			para = strings.ReplaceAll(para, "\n", "<br />\n")
			b.WriteString("<p>" + para + "</p>\n")
		}
	}
	text = b.String()
	text = autopEmpty.ReplaceAllString(text, "")
	text = autopTextInBlock.ReplaceAllString(text, "<p>$1</p></$2>")
	text = autopBlockOnly.ReplaceAllString(text, "$1")
	// A quotation's text is a paragraph inside it.
	text = autopOpenQuote.ReplaceAllString(text, "<blockquote$1><p>")
	text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	text = autopLeadBlock.ReplaceAllString(text, "$1")
	text = autopTrailBlock.ReplaceAllString(text, "$1")
	for i, pre := range pres {
		text = strings.Replace(text, "<pre wp-pre-tag-"+strconv.Itoa(i)+"></pre>", pre, 1)
	}
	return text
}
