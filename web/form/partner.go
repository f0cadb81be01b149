package form

import (
	"bytes"
	"mime/multipart"
	"net/url"
	"strconv"

	"orgsite/internal/content"
)

// Choices of the partner form's logo select besides a library image's id.
const (
	LogoKeep = "keep" // the saved logo, which may be an asset such as logos/eu.svg
	LogoNone = "none" // no logo: the name is shown instead
)

// Partner is the editor of a partner organisation, as typed.
type Partner struct {
	ID       int64
	Name     string
	Key      string
	URL      string
	Logo     string // LogoKeep, LogoNone or a library image's id
	EU       bool
	OnHome   bool
	Position string
	Errors   Errors
	// Upload is a new logo file, stored once the form is valid.
	Upload *multipart.FileHeader

	p        content.Partner
	key      string
	position int
}

// ReadPartner reads a posted partner editor.
func ReadPartner(v url.Values, files map[string][]*multipart.FileHeader) Partner {
	f := Partner{Name: Value(v, "name"), Key: Value(v, "key"), URL: Value(v, "url"), Logo: v.Get("logo"),
		EU: Checked(v, "is_eu"), OnHome: Checked(v, "on_home"), Position: Value(v, "position"), Errors: Errors{}}
	if fhs := files["logo_upload"]; len(fhs) > 0 && (fhs[0].Size > 0 || fhs[0].Filename != "") {
		f.Upload = fhs[0]
	}
	return f
}

// PartnerEnv is what checking a partner needs: the saved partner (zero
// for a new one), whether another partner has a key, and the library
// image an id names (a zero Image when it names none).
type PartnerEnv struct {
	Saved    content.Partner
	KeyTaken func(key string) (bool, error)
	Image    func(id int64) (content.Image, error)
}

// Validate checks the whole form.
func (f *Partner) Validate(env PartnerEnv) error {
	errs := f.Errors
	f.Name = errs.Text("name", f.Name, 200, "The name")
	f.Key = errs.Text("key", f.Key, content.MaxSlugLen*4, "The key")
	f.URL = errs.Text("url", f.URL, 500, "The website address")
	if f.Name == "" {
		errs.Set("name", "Give the organisation's name.")
	}
	if err := f.validateKey(env); err != nil {
		return err
	}
	if !errs.Has("url") && f.URL != "" {
		u, err := content.ParseWebsite(f.URL)
		errs.Add("url", err)
		if err == nil {
			f.URL = u
		}
	}
	if f.Position != "" {
		n, err := strconv.Atoi(f.Position)
		if err != nil || n < -9999 || n > 9999 {
			errs.Set("position", "Enter the position as a whole number, such as 3.")
		}
		f.position = n
	}
	f.p = content.Partner{ID: env.Saved.ID, Name: f.Name, URL: f.URL, EU: f.EU}
	if err := f.validateLogo(env); err != nil {
		return err
	}
	if f.Upload != nil && isPDF(f.Upload) {
		errs.Set("logo_upload", "A logo must be an image: JPEG, PNG, WebP or GIF.")
	}
	return nil
}

func (f *Partner) validateKey(env PartnerEnv) error {
	errs := f.Errors
	f.key = slugOf(f.Key, f.Name)
	switch {
	case errs.Has("key"):
	case f.key == "" && f.Key != "":
		errs.Set("key", "Use letters or digits in the key.")
	case f.key == "" && f.Name != "":
		errs.Set("key", "Give a key: the name has no letters or digits to make one from.")
	case f.key != "":
		taken, err := env.KeyTaken(f.key)
		if err != nil {
			return err
		}
		if taken {
			f.KeyConflict()
		}
	}
	if !errs.Has("key") && f.Key != "" {
		f.Key = f.key // show the form of the key that will be used
	}
	return nil
}

// KeyConflict records that another partner has the key, as the store
// found when saving.
func (f *Partner) KeyConflict() {
	f.Errors.Set("key", "Another partner already uses the key “"+f.key+"”. Choose another key.")
}

func (f *Partner) validateLogo(env PartnerEnv) error {
	saved := env.Saved
	if f.Logo == "" && saved.Logo != "" {
		f.Logo = LogoKeep // a form without the field changes nothing
	}
	switch f.Logo {
	case LogoKeep:
		if saved.Logo == "" {
			f.Errors.Set("logo", "Choose a logo from the list.")
		}
		f.p.Logo, f.p.LogoWidth, f.p.LogoHeight = saved.Logo, saved.LogoWidth, saved.LogoHeight
	case LogoNone, "":
		f.Logo = LogoNone
	default:
		var img content.Image
		if id, ok := ID(f.Logo); ok {
			var err error
			if img, err = env.Image(id); err != nil {
				return err
			}
		}
		if !img.Present() {
			f.Errors.Set("logo", "Choose a logo from the list.")
		}
		f.UseLogo(img)
	}
	return nil
}

// UseLogo makes an image the partner's logo, such as an upload just
// stored.
func (f *Partner) UseLogo(img content.Image) {
	f.p.Logo, f.p.LogoWidth, f.p.LogoHeight = img.Src, img.Width, img.Height
}

// isPDF reports whether an upload is a PDF, the one type the media library
// accepts that cannot be a logo. Checking it first saves storing a file
// only to refuse it.
func isPDF(fh *multipart.FileHeader) bool {
	f, err := fh.Open()
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 5)
	n, _ := f.Read(head)
	return bytes.Equal(head[:n], []byte("%PDF-"))
}

// Apply writes the checked form onto p and gives the partner's key, its
// place on the home page and its position.
func (f *Partner) Apply(p *content.Partner) (key string, onHome bool, position int) {
	*p = f.p
	return f.key, f.OnHome, f.position
}
