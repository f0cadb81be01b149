package form

import (
	"mime/multipart"
	"net/url"

	"orgsite/internal/content"
)

// LeadImage is the lead image part of an editor: a library image or a new
// upload, with its alternative text and credit.
type LeadImage struct {
	LeadMediaID string
	LeadAlt     string
	LeadCredit  string
	LeadSrc     string // thumbnail of the chosen image, for the form

	mediaID int64
	// Upload is the new file posted, if any; the handler stores it only
	// once the whole form is valid, then calls Chose.
	Upload *multipart.FileHeader
}

// ReadLeadImage reads the lead image fields; files come from the
// multipart form, when there is one.
func ReadLeadImage(v url.Values, files map[string][]*multipart.FileHeader) LeadImage {
	return LeadImage{LeadMediaID: v.Get("lead_media_id"), LeadAlt: Value(v, "lead_alt"), LeadCredit: Value(v, "lead_credit"),
		Upload: upload(files, "lead_upload")}
}

// LeadImageOf shows a saved lead image in its form.
func LeadImageOf(img content.Image) LeadImage {
	return LeadImage{LeadMediaID: idString(img.MediaID), LeadAlt: img.Alt, LeadCredit: img.Credit, LeadSrc: img.Src}
}

// Validate checks the choice against the library's images and asks for
// the alternative text whenever there is an image.
func (f *LeadImage) Validate(errs Errors, images []Option) {
	var ok bool
	if f.mediaID, ok = Choose(f.LeadMediaID, images); !ok {
		errs.Set("lead_media_id", "Choose an image from the list.")
	}
	f.LeadAlt = errs.Text("lead_alt", f.LeadAlt, 300, "The alternative text")
	f.LeadCredit = errs.Text("lead_credit", f.LeadCredit, 200, "The photo credit")
	if (f.mediaID != 0 || f.Upload != nil) && f.LeadAlt == "" {
		errs.Set("lead_alt", "Describe the image for people who cannot see it.")
	}
}

// MediaID is the library image chosen, 0 for none.
func (f *LeadImage) MediaID() int64 { return f.mediaID }

// Chose selects a library image in the form, such as the upload just
// stored, so that a form shown again does not need the file again.
func (f *LeadImage) Chose(id int64, src string) {
	f.mediaID, f.LeadMediaID, f.LeadSrc, f.Upload = id, idString(id), src, nil
}

// Apply writes the checked lead image onto img.
func (f *LeadImage) Apply(img *content.Image) {
	*img = content.Image{MediaID: f.mediaID, Alt: f.LeadAlt, Credit: f.LeadCredit}
}
