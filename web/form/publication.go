package form

import (
	"mime/multipart"
	"net/url"
	"strings"
	"time"

	"orgsite/internal/content"
)

// Publication is the publication editor, as typed. Its cover is a lead
// image whose fields SPEC names cover (the upload) and cover_id; the
// lead_* names are read too, since the editor shares its image fields.
type Publication struct {
	Entry
	Type       string
	Authors    string // comma-separated
	DocLang    string
	ISBN       string
	DOI        string
	ProjectID  string
	Tags       string
	DocumentID string
	DocumentOf string // the chosen document's name, for the form
	// Document is the new file posted, if any; stored once the form is
	// valid, then chosen with ChoseDocument.
	Document *multipart.FileHeader
	LeadImage

	p    content.Publication
	tags []string
}

// ReadPublication reads a posted publication editor.
func ReadPublication(v url.Values, files map[string][]*multipart.FileHeader) Publication {
	f := Publication{Entry: ReadEntry(v), Type: v.Get("type"), Authors: Value(v, "authors"), DocLang: v.Get("doc_lang"),
		ISBN: Value(v, "isbn"), DOI: Value(v, "doi"), ProjectID: v.Get("project_id"), Tags: Value(v, "tags"),
		DocumentID: v.Get("document_id"), Document: upload(files, "document")}
	if v.Has("cover_id") && !v.Has("lead_media_id") {
		v = cloneWith(v, "lead_media_id", v.Get("cover_id"))
	}
	if files["lead_upload"] == nil && files["cover"] != nil {
		files = map[string][]*multipart.FileHeader{"lead_upload": files["cover"]}
	}
	f.LeadImage = ReadLeadImage(v, files)
	return f
}

// upload is the file posted under name, nil for none.
func upload(files map[string][]*multipart.FileHeader, name string) *multipart.FileHeader {
	if fhs := files[name]; len(fhs) > 0 && (fhs[0].Size > 0 || fhs[0].Filename != "") {
		return fhs[0]
	}
	return nil
}

// cloneWith is v with name set to value, leaving v as posted.
func cloneWith(v url.Values, name, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	out.Set(name, value)
	return out
}

// PublicationOf shows a saved publication in its form.
func PublicationOf(p content.Publication, zone *time.Location) Publication {
	return Publication{Entry: EntryOf(p.Entry, zone), Type: string(p.Type), Authors: strings.Join(p.Authors, ", "), DocLang: string(p.DocLang),
		ISBN: p.ISBN, DOI: p.DOI, ProjectID: idString(p.ProjectID), Tags: TagNames(p.Tags), DocumentID: idString(p.Document.MediaID),
		DocumentOf: p.Document.Title, LeadImage: LeadImageOf(p.Cover)}
}

// PublicationChoices are what a publication may point to.
type PublicationChoices struct {
	Projects  []Option
	Images    []Option
	Documents []Option
}

// Validate checks the whole form.
func (f *Publication) Validate(env Env, ch PublicationChoices) error {
	if err := f.Entry.Validate(env); err != nil {
		return err
	}
	errs := f.Errors
	t, ok := content.ParsePublicationType(f.Type)
	if !ok {
		errs.Set("type", "Choose the type of publication: report, policy brief, study, manual or leaflet.")
	}
	f.p.Type = t
	f.Authors = errs.Text("authors", f.Authors, 1000, "The authors")
	f.p.Authors = content.SplitList(f.Authors)
	errs.Add("authors", content.CheckList(f.p.Authors, "author"))
	if f.DocLang != "" {
		l, ok := content.ParseLang(f.DocLang)
		if !ok || string(l) != f.DocLang {
			errs.Set("doc_lang", "Choose the document's language from the list.")
		}
		f.p.DocLang = l
	}
	f.validateIDs()
	f.tags = f.validateTags(f.Tags)
	if f.p.ProjectID, ok = Choose(f.ProjectID, ch.Projects); !ok {
		errs.Set("project_id", "Choose a project from the list.")
	}
	if f.p.Document.MediaID, ok = Choose(f.DocumentID, ch.Documents); !ok {
		errs.Set("document_id", "Choose a document from the library's list.")
	}
	if f.Status == string(content.StatusPublished) && f.p.Document.MediaID == 0 && f.Document == nil && !errs.Has("document_id") {
		errs.Set("document", "Upload the publication's PDF, or choose one from the library, before publishing it.")
	}
	if f.LeadAlt == "" && (f.LeadMediaID != "" || f.Upload != nil) {
		f.LeadAlt = "Cover of " + f.Title // a cover says what its title says
	}
	f.LeadImage.Validate(errs, ch.Images)
	return nil
}

// validateIDs checks the ISBN and the DOI, either of which may be empty.
func (f *Publication) validateIDs() {
	var err error
	if f.ISBN = f.Errors.Text("isbn", f.ISBN, 40, "The ISBN"); f.ISBN != "" {
		f.p.ISBN, err = content.CheckISBN(f.ISBN)
		f.Errors.Add("isbn", err)
	}
	if f.DOI = f.Errors.Text("doi", f.DOI, 300, "The DOI"); f.DOI != "" {
		f.p.DOI, err = content.CheckDOI(f.DOI)
		f.Errors.Add("doi", err)
	}
}

// ChoseDocument selects a library document in the form, such as the
// upload just stored.
func (f *Publication) ChoseDocument(id int64, title string) {
	f.p.Document.MediaID, f.DocumentID, f.DocumentOf, f.Document = id, idString(id), title, nil
	if f.Errors["document"] != "" {
		delete(f.Errors, "document")
	}
}

// Apply writes the checked form onto p; TagList gives its tags.
func (f *Publication) Apply(p *content.Publication) {
	*p = f.p
	f.Entry.Apply(&p.Entry)
	f.LeadImage.Apply(&p.Cover)
}

// TagList is the tags as checked, for the store.
func (f *Publication) TagList() []string { return f.tags }
