package admin

import (
	"fmt"
	"strings"
	"time"
)

// MediaListPage is the media library: the upload form and a page of files.
type MediaListPage struct {
	Chrome
	Items   []MediaItem
	Kind    string // filter: "", "image" or "document"
	Query   string // words searched for
	Page    int
	Pages   int
	Total   int
	BaseURL string // list URL with the filter, without page
	Upload  MediaUpload
}

// MediaUpload is the upload form as typed, and what became of a post.
type MediaUpload struct {
	Alt      string
	Credit   string
	Limit    string    // the size limit of one file, "20 MB"
	Errors   Errors    // "file", "alt", "credit"
	Refused  []Refusal // files refused, each with its reason
	Uploaded []string  // files saved by the same post
}

// Refusal is an uploaded file that was not stored, and why.
type Refusal struct {
	Name   string
	Reason string
}

// MediaItem is one file of the library.
type MediaItem struct {
	ID            int64
	Name          string // stored name
	Title         string // for people; the file name until someone edits it
	FileName      string // the name it was uploaded with
	Kind          string // "image" or "document"
	MIME          string
	Size          int64
	Width, Height int
	Alt           string
	Credit        string
	URL           string // of the original
	Thumb         string // URL of the smallest copy, for images
	ThumbW        int
	ThumbH        int
	Created       time.Time
}

// Label is what people call the file: its title, else the name it was
// uploaded with, else the stored one.
func (m MediaItem) Label() string {
	for _, l := range []string{m.Title, m.FileName} {
		if l = strings.TrimSpace(l); l != "" && l != "." {
			return l
		}
	}
	return m.Name
}

// IsImage tells images from documents.
func (m MediaItem) IsImage() bool { return m.Kind == "image" }

// TypeLabel names the file type for people: "JPEG image", "PDF document".
func (m MediaItem) TypeLabel() string {
	switch m.MIME {
	case "image/jpeg":
		return "JPEG image"
	case "image/png":
		return "PNG image"
	case "image/webp":
		return "WebP image"
	case "image/gif":
		return "GIF image"
	case "application/pdf":
		return "PDF document"
	}
	return m.MIME
}

// Dimensions is "1200 × 800 px" for images, "" for documents.
func (m MediaItem) Dimensions() string {
	if m.Width <= 0 || m.Height <= 0 {
		return ""
	}
	return fmt.Sprintf("%d × %d px", m.Width, m.Height)
}

// MissingAlt marks images nobody has described yet.
func (m MediaItem) MissingAlt() bool { return m.IsImage() && strings.TrimSpace(m.Alt) == "" }

// MediaEditPage shows one file: its copies, where it is used, its texts.
type MediaEditPage struct {
	Chrome
	Item     MediaItem
	Copies   []MediaCopy // the original and its resized copies
	Snippet  string      // Markdown that shows or links the file
	Usage    []UsageRow
	Texts    MediaTexts // as typed
	Errors   Errors
	Uploader string
}

// MediaTexts are what staff write about a library file.
type MediaTexts struct {
	Title  string
	Alt    string
	Credit string
}

// MediaCopy is the original or a resized copy of an image.
type MediaCopy struct {
	Label string // "Original, 1600 × 900 px"
	URL   string
}

// UsageRow is a place where a file or a partner is used.
type UsageRow struct {
	Kind    string // "News item", "Project", …
	Title   string
	URL     string // its editor; "" when staff cannot open it
	Trashed bool
}

// DeletionPage asks to confirm deleting something for good, or says why
// it cannot be deleted (Usage is not empty).
type DeletionPage struct {
	Chrome
	What     string // "the file “photo.jpg”"
	Heading  string // "Delete photo.jpg for good?"
	Detail   string // what deleting removes
	Action   string // where the confirmation is posted
	BackURL  string
	BackText string
	Usage    []UsageRow
}

// titleHint explains the title field of a file.
func titleHint(m MediaItem) string {
	h := "What the library and the picker call the file; a document linked without a text is named by it."
	if m.FileName != "" {
		h += " It was uploaded as " + m.FileName + "."
	}
	return h
}

// MediaPickerPage is the library as the body editor's picker shows it.
type MediaPickerPage struct {
	Chrome
	Type    string // "", "image" or "document"
	Query   string
	Page    int
	Pages   int
	Total   int
	BaseURL string // the picker's address with the filter, without page
	Items   []PickerItem
	Picked  *PickerItem // the file just uploaded, to insert
	Upload  MediaUpload
}

// PickerItem is a file of the picker with the Markdown that inserts it.
type PickerItem struct {
	MediaItem
	Markdown string
}

// Heading names the picker after what it inserts.
func (p MediaPickerPage) Heading() string {
	switch p.Type {
	case "image":
		return "Insert an image"
	case "document":
		return "Insert a document"
	}
	return "Insert a file"
}
