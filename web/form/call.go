package form

import (
	"mime/multipart"
	"net/url"
	"slices"
	"time"

	"orgsite/internal/content"
)

// Call is the call editor, as typed.
type Call struct {
	Entry
	Type      string
	Reference string
	Deadline  string // YYYY-MM-DDTHH:MM in the site's zone
	Tags      string
	// DocumentIDs are the attached library documents kept (ticked), in
	// order; Uploads the new files, stored once the form is valid.
	DocumentIDs []string
	Uploads     []*multipart.FileHeader

	c    content.Call
	docs []int64
	tags []string
}

// ReadCall reads a posted call editor.
func ReadCall(v url.Values, files map[string][]*multipart.FileHeader) Call {
	f := Call{Entry: ReadEntry(v), Type: v.Get("type"), Reference: Value(v, "reference"), Deadline: Value(v, "deadline"),
		Tags: Value(v, "tags")}
	for _, id := range v["document_ids"] {
		if id != "" && !slices.Contains(f.DocumentIDs, id) {
			f.DocumentIDs = append(f.DocumentIDs, id)
		}
	}
	for _, fh := range files["documents"] {
		if fh.Size > 0 || fh.Filename != "" { // an empty file field posts an empty part
			f.Uploads = append(f.Uploads, fh)
		}
	}
	return f
}

// CallOf shows a saved call in its form.
func CallOf(c content.Call, zone *time.Location) Call {
	f := Call{Entry: EntryOf(c.Entry, zone), Type: string(c.Type), Reference: c.Reference, Deadline: FormatTime(c.Deadline, zone),
		Tags: TagNames(c.Tags)}
	for _, d := range c.Documents {
		f.DocumentIDs = append(f.DocumentIDs, idString(d.MediaID))
	}
	return f
}

// MaxCallDocuments is how many documents a call may have.
const MaxCallDocuments = 10

// Validate checks the whole form; documents are the library's documents.
func (f *Call) Validate(env Env, documents []Option) error {
	if err := f.Entry.Validate(env); err != nil {
		return err
	}
	errs := f.Errors
	t, ok := content.ParseCallType(f.Type)
	if !ok {
		errs.Set("type", "Choose the type of call: vacancy, tender, call for experts or grant.")
	}
	f.c.Type = t
	f.Reference = errs.Text("reference", f.Reference, 100, "The reference")
	f.c.Reference = f.Reference
	switch d, ok := ParseTime(f.Deadline, env.Zone); {
	case !ok:
		errs.Set("deadline", "Enter the deadline as a date and time, such as 2027-03-31T17:00.")
	case d.IsZero():
		errs.Set("deadline", "Enter the deadline: a call closes by itself at that time.")
	default:
		f.c.Deadline = d
	}
	f.docs = nil
	for _, v := range f.DocumentIDs {
		if v == "" {
			continue // the library's select left at "none"
		}
		id, ok := Choose(v, documents)
		if !ok || id == 0 {
			errs.Set("document_ids", "Choose the documents from the library's list.")
			continue
		}
		if !slices.Contains(f.docs, id) {
			f.docs = append(f.docs, id)
		}
	}
	if len(f.docs)+len(f.Uploads) > MaxCallDocuments {
		errs.Set("documents", "A call can have at most 10 documents.")
	}
	f.tags = f.validateTags(f.Tags)
	return nil
}

// Attach adds a stored upload to the call's documents.
func (f *Call) Attach(id int64) {
	f.docs = append(f.docs, id)
	f.DocumentIDs = append(f.DocumentIDs, idString(id))
}

// Apply writes the checked form onto c; TagList and Documents give its
// tags and documents.
func (f *Call) Apply(c *content.Call) {
	*c = f.c
	f.Entry.Apply(&c.Entry)
}

// Documents are the library ids of the call's documents, in order.
func (f *Call) Documents() []int64 { return f.docs }

// TagList is the tags as checked, for the store.
func (f *Call) TagList() []string { return f.tags }
