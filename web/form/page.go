package form

import (
	"net/url"
	"strconv"
	"time"

	"orgsite/internal/content"
)

// Page is the plain page editor, as typed.
type Page struct {
	Entry
	MenuOrder string // a whole number ordering the pages; 0 for no particular place

	menuOrder int
}

// maxMenuOrder bounds the menu position; no menu has that many entries.
const maxMenuOrder = 999

// ReadPage reads a posted page editor.
func ReadPage(v url.Values) Page { return Page{Entry: ReadEntry(v), MenuOrder: Value(v, "menu_order")} }

// NewPage is the form of a page not written yet, in lang.
func NewPage(lang content.Lang) Page { return Page{Entry: NewEntry(lang), MenuOrder: "0"} }

// PageOf shows a saved page in its form.
func PageOf(p content.Page, zone *time.Location) Page {
	return Page{Entry: EntryOf(p.Entry, zone), MenuOrder: strconv.Itoa(p.MenuOrder)}
}

// Validate checks the whole form.
func (f *Page) Validate(env Env) error {
	if err := f.Entry.Validate(env); err != nil {
		return err
	}
	if f.MenuOrder != "" {
		n, err := strconv.Atoi(f.MenuOrder)
		if err != nil || n < 0 || n > maxMenuOrder {
			f.Errors.Set("menu_order", "Enter a whole number from 0 to "+strconv.Itoa(maxMenuOrder)+"; 0 means no particular place.")
		}
		f.menuOrder = n
	}
	return nil
}

// Apply writes the checked form onto p.
func (f *Page) Apply(p *content.Page) {
	f.Entry.Apply(&p.Entry)
	p.MenuOrder = f.menuOrder
}
