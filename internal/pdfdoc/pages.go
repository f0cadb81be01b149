package pdfdoc

import (
	"fmt"

	"github.com/ledongthuc/pdf"
)

// The page tree is walked here rather than with the library's NumPage and
// Page: NumPage only repeats the /Count the file claims, and Page walks the
// tree from the root for every page and loops forever when a node lists
// itself among its kids.

const (
	maxTreeDepth = 64 // real trees are a few levels deep; deeper is a loop
	// maxTreeKids bounds the kid entries visited: a tree of MaxPages+1
	// pages has fewer than 2×(MaxPages+1), so this is only reached by loops,
	// shared subtrees and junk entries.
	maxTreeKids = 4*MaxPages + 64
)

type pageWalker struct {
	pages []pdf.Page
	kids  int
}

// pageList returns the document's pages in order.
func pageList(rd *pdf.Reader) ([]pdf.Page, error) {
	root := rd.Trailer().Key("Root").Key("Pages")
	if root.Kind() != pdf.Dict {
		return nil, fmt.Errorf("%w: no page tree", ErrNotPDF)
	}
	var w pageWalker
	if err := w.walk(root, 0); err != nil {
		return nil, err
	}
	if len(w.pages) == 0 {
		return nil, fmt.Errorf("%w: no pages", ErrNotPDF)
	}
	return w.pages, nil
}

func (w *pageWalker) walk(node pdf.Value, depth int) error {
	if !isPageTreeNode(node) {
		if len(w.pages) == MaxPages {
			return ErrTooManyPages
		}
		w.pages = append(w.pages, pdf.Page{V: node})
		return nil
	}
	if depth == maxTreeDepth {
		return fmt.Errorf("%w: the page tree loops or is too deep", ErrNotPDF)
	}
	kids := node.Key("Kids")
	for i := range kids.Len() {
		if w.kids++; w.kids > maxTreeKids {
			return fmt.Errorf("%w: the page tree loops or is too large", ErrNotPDF)
		}
		// Missing or broken entries are skipped, as viewers do.
		if kid := kids.Index(i); kid.Kind() == pdf.Dict {
			if err := w.walk(kid, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// isPageTreeNode tells an intermediate node from a page. Some writers leave
// out /Type, so a node with /Kids counts as intermediate unless it says it
// is a page.
func isPageTreeNode(v pdf.Value) bool {
	switch v.Key("Type").Name() {
	case "Pages":
		return true
	case "Page":
		return false
	}
	return v.Key("Kids").Kind() == pdf.Array
}
