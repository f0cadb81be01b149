package wordpress

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// Summary is what an import did, or would do in a dry run.
type Summary struct {
	DryRun    bool
	Site      string
	News      map[string]int // new items by state, and "unchanged"
	Pages     map[string]int
	Media     struct{ New, Missing, Unchanged int }
	Redirects int
	Comments  int
	Skipped   map[string]int // post types not imported
	Warnings  []string
	seen      map[string]bool
}

func newSummary(dry bool) *Summary {
	return &Summary{DryRun: dry, News: map[string]int{}, Pages: map[string]int{}, Skipped: map[string]int{}, seen: map[string]bool{}}
}

// warn adds a warning, once.
func (s *Summary) warn(format string, args ...any) {
	w := fmt.Sprintf(format, args...)
	if !s.seen[w] {
		s.seen[w] = true
		s.Warnings = append(s.Warnings, w)
	}
}

func (s *Summary) count(k content.Kind, state string) {
	if k == content.KindPage {
		s.Pages[state]++
	} else {
		s.News[state]++
	}
}

// New is how many items, files and redirects the import adds.
func (s *Summary) New() int {
	n := s.Media.New + s.Redirects
	for _, m := range []map[string]int{s.News, s.Pages} {
		for state, c := range m {
			if state != "unchanged" {
				n += c
			}
		}
	}
	return n
}

// Write prints the summary for people.
func (s *Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "WordPress export of %s\n", s.Site)
	fmt.Fprintf(w, "news:       %s\n", counts(s.News))
	fmt.Fprintf(w, "pages:      %s\n", counts(s.Pages))
	fmt.Fprintf(w, "media:      %d new, %d unchanged, %d missing\n", s.Media.New, s.Media.Unchanged, s.Media.Missing)
	fmt.Fprintf(w, "redirects:  %d new\n", s.Redirects)
	fmt.Fprintf(w, "comments:   %d skipped\n", s.Comments)
	if len(s.Skipped) > 0 {
		var parts []string
		for _, t := range slices.Sorted(maps.Keys(s.Skipped)) {
			parts = append(parts, fmt.Sprintf("%d %s", s.Skipped[t], t))
		}
		fmt.Fprintf(w, "skipped:    %s (not news, pages or media)\n", strings.Join(parts, ", "))
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintf(w, "warnings (%d):\n", len(s.Warnings))
		for _, warning := range s.Warnings {
			fmt.Fprintf(w, "  - %s\n", warning)
		}
	}
	switch {
	case s.DryRun:
		fmt.Fprintln(w, "Dry run: nothing was written.")
	case s.New() == 0:
		fmt.Fprintln(w, "Nothing new: everything in this export was imported before.")
	default:
		fmt.Fprintln(w, "Imported in one transaction.")
	}
}

// counts is "3 new (2 published, 1 draft), 4 unchanged".
func counts(m map[string]int) string {
	var parts []string
	total := 0
	for _, state := range []string{"published", "scheduled", "draft", "expired"} {
		if m[state] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[state], state))
			total += m[state]
		}
	}
	out := fmt.Sprintf("%d new", total)
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, ", ") + ")"
	}
	return out + fmt.Sprintf(", %d unchanged", m["unchanged"])
}

// plainExcerpt is a hand-written excerpt as a summary: text only.
func plainExcerpt(s string) string {
	return strings.Join(strings.Fields(markdown.PlainText(s)), " ")
}

// autoExcerpt is the start of a rendered body as plain text, cut at a
// word before 160 characters, as WordPress's automatic excerpt is.
func autoExcerpt(bodyHTML string) string {
	words := strings.Fields(markdown.PlainText(bodyHTML))
	var b strings.Builder
	for _, w := range words {
		if b.Len()+len(w)+1 > 160 {
			return strings.TrimRight(b.String(), ",;:") + "…"
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}
