package admin

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

// MediaPerPage fills a few rows of the grid at desktop width.
const MediaPerPage = 24

// MaxFilesPerUpload bounds one upload post; the body limit bounds its size.
const MaxFilesPerUpload = 20

// MediaList shows the media library with its upload form.
func (s *Server) MediaList(c echo.Context) error {
	u := view.MediaUpload{Errors: view.Errors{}}
	return s.renderMediaList(c, http.StatusOK, u)
}

// mediaFilter reads the library's filters (kind, q) and gives the address
// of the list's pages with them.
func mediaFilter(c echo.Context, page int) (store.MediaFilter, string, error) {
	return libraryFilter(c, "/admin/media", "kind", page, MediaPerPage)
}

// libraryFilter reads the filters of a list of the library at path: the
// file type (in the parameter kind names) and q.
func libraryFilter(c echo.Context, path, kind string, page, perPage int) (store.MediaFilter, string, error) {
	f := store.MediaFilter{Kind: c.QueryParam(kind), Query: strings.TrimSpace(c.QueryParam("q")), Limit: perPage, Offset: (page - 1) * perPage}
	if f.Kind != "" && f.Kind != "image" && f.Kind != "document" {
		return f, "", badRequest("Unknown file type filter: choose images or documents.")
	}
	if len(f.Query) > 200 {
		return f, "", badRequest("The search is too long: 200 characters at most.")
	}
	base := path + "?" + kind + "=" + f.Kind
	if f.Query != "" {
		base += "&q=" + url.QueryEscape(f.Query)
	}
	return f, base, nil
}

// renderMediaList shows a page of the library with the upload form as u
// has it.
func (s *Server) renderMediaList(c echo.Context, status int, u view.MediaUpload) error {
	ctx := c.Request().Context()
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	filter, base, err := mediaFilter(c, page)
	if err != nil {
		return err
	}
	items, total, err := s.Store.MediaList(ctx, filter)
	if err != nil {
		return err
	}
	pages := max(1, (total+MediaPerPage-1)/MediaPerPage)
	if page > pages {
		return content.ErrNotFound
	}
	title := "Media library"
	if len(u.Errors) > 0 || len(u.Refused) > 0 {
		title = "Error: " + title
	}
	ch, err := s.chrome(c, title)
	if err != nil {
		return err
	}
	if n := c.QueryParam("uploaded"); n != "" {
		ch.Flash = "Uploaded."
		if k, err := strconv.Atoi(n); err == nil && k > 1 {
			ch.Flash = "Uploaded " + strconv.Itoa(k) + " files."
		}
	} else if c.QueryParam("deleted") != "" {
		ch.Flash = "The file was deleted."
	}
	u.Limit = media.FormatSize(s.Media.MaxBytes)
	p := view.MediaListPage{Chrome: ch, Kind: filter.Kind, Query: filter.Query, Page: page, Pages: pages, Total: total,
		BaseURL: base, Upload: u}
	for _, m := range items {
		p.Items = append(p.Items, mediaItem(m, 0))
	}
	return s.render(c, status, view.MediaList(p))
}

// mediaItem describes a stored file for the views. Its thumbnail is the
// smallest copy at least minWidth wide (the original if none is).
func mediaItem(m store.Media, minWidth int) view.MediaItem {
	it := view.MediaItem{ID: m.ID, Name: m.Name, Title: m.Title, FileName: m.FileName, Kind: m.Kind, MIME: m.MIME, Size: m.Size,
		Width: m.Width, Height: m.Height, Alt: m.Alt, Credit: m.Credit, URL: store.MediaURL(m.Name), Created: m.CreatedAt}
	if m.Kind == string(media.KindImage) {
		it.Thumb, it.ThumbW, it.ThumbH = it.URL, m.Width, m.Height
		for _, v := range m.Variants { // smallest first
			if v.Width >= minWidth {
				it.Thumb, it.ThumbW, it.ThumbH = store.MediaURL(v.Name), v.Width, v.Height
				break
			}
		}
	}
	return it
}

// uploadTexts reads the alt text and credit an upload form gives its
// files (the library's and the picker's).
func uploadTexts(c echo.Context) view.MediaUpload {
	u := view.MediaUpload{Errors: view.Errors{}}
	u.Alt = formText(c, "alt", 300, u.Errors, "The alternative text")
	u.Credit = formText(c, "credit", 200, u.Errors, "The credit")
	return u
}

// MediaUpload stores the files of the upload form. Each file is checked on
// its own: those refused are named with their reason and the others are
// kept. When every file is stored it answers 303 to the library.
func (s *Server) MediaUpload(c echo.Context) error {
	u := uploadTexts(c)
	files, err := s.uploadedFiles(c)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		u.Errors["file"] = "Choose a file to upload."
	case len(files) > MaxFilesPerUpload:
		u.Errors["file"] = "Upload at most " + strconv.Itoa(MaxFilesPerUpload) + " files at a time."
	}
	if len(u.Errors) > 0 {
		return s.renderMediaList(c, http.StatusUnprocessableEntity, u)
	}
	tooLarge := 0
	for _, fh := range files {
		name := uploadLabel(fh.Filename)
		if _, err := s.saveUpload(c, fh, u.Alt, u.Credit); err != nil {
			msg, ok := uploadProblem(err)
			if !ok {
				return err
			}
			if errors.Is(err, media.ErrTooLarge) {
				tooLarge++
			}
			u.Refused = append(u.Refused, view.Refusal{Name: name, Reason: uploadSentence(msg)})
			continue
		}
		u.Uploaded = append(u.Uploaded, name)
	}
	if len(u.Refused) == 0 {
		return c.Redirect(http.StatusSeeOther, "/admin/media?uploaded="+strconv.Itoa(len(u.Uploaded)))
	}
	status := http.StatusUnprocessableEntity
	if tooLarge == len(u.Refused) {
		status = http.StatusRequestEntityTooLarge
	}
	c.Request().URL.RawQuery = "" // show the first page, where new files are
	return s.renderMediaList(c, status, u)
}

// uploadedFiles are the files posted in the field "file"; a body cut off
// by the size limit is 413, one that cannot be read 400.
func (s *Server) uploadedFiles(c echo.Context) ([]*multipart.FileHeader, error) {
	form, err := c.MultipartForm()
	switch {
	case errors.Is(err, http.ErrNotMultipart), errors.Is(err, http.ErrMissingBoundary):
		return nil, nil
	case err != nil:
		var he *echo.HTTPError
		if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
			return nil, s.uploadTooLarge()
		}
		return nil, badRequest("The upload could not be read; it may have been interrupted. Please try again.")
	}
	var files []*multipart.FileHeader
	for _, fh := range form.File["file"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the empty part a browser sends when no file is chosen
		}
		files = append(files, fh)
	}
	return files, nil
}

// uploadTooLarge is the answer to an upload cut off by the body limit.
func (s *Server) uploadTooLarge() error {
	return echo.NewHTTPError(http.StatusRequestEntityTooLarge, s.UploadLimitMessage())
}

// UploadLimitMessage explains the size limit of uploads to whoever hit it.
func (s *Server) UploadLimitMessage() string {
	limit := media.FormatSize(s.Media.MaxBytes)
	return "The upload is too large: each file can be at most " + limit + ", and the files sent together at most " + limit +
		" in all. Go back and choose a smaller file, or send fewer files at a time."
}

// uploadLabel is how an uploaded file is named in messages.
func uploadLabel(name string) string {
	n := cleanFileName(name)
	if n == "" || n == "." || n == "/" {
		return "(a file without a name)"
	}
	return n
}

// uploadSentence starts a message with a capital letter and ends it with a stop.
func uploadSentence(msg string) string {
	if msg == "" {
		return msg
	}
	r, size := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[size:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// MediaEdit shows a library file with its alt text, credit and uses.
func (s *Server) MediaEdit(c echo.Context) error {
	m, err := s.mediaParam(c)
	if err != nil {
		return err
	}
	return s.renderMediaEdit(c, http.StatusOK, m, view.MediaTexts{Title: m.Title, Alt: m.Alt, Credit: m.Credit}, view.Errors{})
}

func (s *Server) mediaParam(c echo.Context) (store.Media, error) {
	id, err := idParam(c)
	if err != nil {
		return store.Media{}, err
	}
	return s.Store.MediaByID(c.Request().Context(), id)
}

func (s *Server) renderMediaEdit(c echo.Context, status int, m store.Media, texts view.MediaTexts, errs view.Errors) error {
	ctx := c.Request().Context()
	used, err := s.Store.MediaUsage(ctx, m.ID)
	if err != nil {
		return err
	}
	it := mediaItem(m, 480)
	title := it.Label()
	if len(errs) > 0 {
		title = "Error: " + title
	}
	ch, err := s.chrome(c, title)
	if err != nil {
		return err
	}
	p := view.MediaEditPage{Chrome: ch, Item: it, Usage: usageRows(used), Texts: texts, Errors: errs,
		Snippet: markdownSnippet(it)}
	if m.CreatedBy != 0 {
		if u, err := s.Store.UserByID(ctx, m.CreatedBy); err == nil {
			p.Uploader = u.Name
		}
	}
	original := "Original"
	if d := it.Dimensions(); d != "" {
		original += ", " + d
	}
	p.Copies = append(p.Copies, view.MediaCopy{Label: original, URL: it.URL})
	for _, v := range m.Variants {
		p.Copies = append(p.Copies, view.MediaCopy{Label: "Resized copy, " + strconv.Itoa(v.Width) + " × " + strconv.Itoa(v.Height) + " px",
			URL: store.MediaURL(v.Name)})
	}
	return s.render(c, status, view.MediaEdit(p))
}

// markdownSnippet is the Markdown that shows an image or links a document.
func markdownSnippet(it view.MediaItem) string {
	esc := strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "\n", " ")
	if it.IsImage() {
		return "![" + esc.Replace(it.Alt) + "](" + it.URL + ")"
	}
	label := it.Alt
	if label == "" {
		label = it.Label()
	}
	return "[" + esc.Replace(label) + "](" + it.URL + ")"
}

// usageRows names the places that use a file or a partner, each linked to
// its editor.
// otherUsers are what besides content can use a file or a partner.
var otherUsers = map[string]struct{ label, url string }{
	"partner":  {"Partner logo", "/admin/partners"},
	"settings": {"Site settings", "/admin/settings"},
}

func usageRows(used []store.Usage) []view.UsageRow {
	out := make([]view.UsageRow, len(used))
	for i, u := range used {
		r := view.UsageRow{Title: u.Title, Trashed: u.Trashed}
		if k, ok := content.ParseKind(u.Kind); ok {
			r.Kind, r.URL = k.Info().Singular, itemPath(k, u.ID, "")
		} else if other, ok := otherUsers[u.Kind]; ok {
			r.Kind, r.URL = other.label, other.url
			if u.ID != 0 {
				r.URL += "/" + itoa64(u.ID)
			}
		} else {
			r.Kind = u.Kind
		}
		if u.Trashed {
			r.URL = "/admin/trash"
		}
		out[i] = r
	}
	return out
}

// MediaSave changes the title, alternative text and credit of a file.
func (s *Server) MediaSave(c echo.Context) error {
	m, err := s.mediaParam(c)
	if err != nil {
		return err
	}
	errs := view.Errors{}
	t := view.MediaTexts{Title: formText(c, "title", 200, errs, "The title"),
		Alt: formText(c, "alt", 300, errs, "The alternative text"), Credit: formText(c, "credit", 200, errs, "The credit")}
	if len(errs) > 0 {
		return s.renderMediaEdit(c, http.StatusUnprocessableEntity, m, t, errs)
	}
	if err := s.Store.UpdateMediaText(c.Request().Context(), m.ID, t.Title, t.Alt, t.Credit, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/media/"+strconv.FormatInt(m.ID, 10)+"?saved=1")
}

// MediaDeleteConfirm asks before deleting a file, or says where it is used.
func (s *Server) MediaDeleteConfirm(c echo.Context) error {
	m, err := s.mediaParam(c)
	if err != nil {
		return err
	}
	used, err := s.Store.MediaUsage(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	return s.renderMediaDeletion(c, m, used)
}

func (s *Server) renderMediaDeletion(c echo.Context, m store.Media, used []store.Usage) error {
	it := mediaItem(m, 0)
	id := strconv.FormatInt(m.ID, 10)
	detail := "The file and its resized copies are removed from the server; links to it will no longer work."
	if !it.IsImage() {
		detail = "The file is removed from the server; links to it will no longer work."
	}
	return s.renderDeletion(c, it.Label(), used, view.DeletionPage{What: "“" + it.Label() + "”",
		Heading: "Delete “" + it.Label() + "” for good?", Detail: detail,
		Action: "/admin/media/" + id + "/delete", BackURL: "/admin/media/" + id, BackText: "Back to the file"})
}

// renderDeletion asks to confirm deleting name for good, or, when it is
// in use, says so (409) and lists where.
func (s *Server) renderDeletion(c echo.Context, name string, used []store.Usage, p view.DeletionPage) error {
	status, title := http.StatusOK, "Delete "+name
	if len(used) > 0 {
		status, title = http.StatusConflict, name+" is in use"
	}
	var err error
	if p.Chrome, err = s.chrome(c, title); err != nil {
		return err
	}
	p.Usage = usageRows(used)
	return s.render(c, status, view.Deletion(p))
}

// deleteConfirmed deletes something once the form confirms it; before,
// or when it turns out to be in use, show asks again with its uses. It
// reports whether it deleted.
func (s *Server) deleteConfirmed(c echo.Context, usage func() ([]store.Usage, error), del func() error, show func([]store.Usage) error) (bool, error) {
	if c.FormValue("confirm") != "yes" {
		used, err := usage()
		if err != nil {
			return false, err
		}
		return false, show(used)
	}
	err := del()
	var inUse *store.InUseError
	if errors.As(err, &inUse) {
		return false, show(inUse.Usage)
	}
	return err == nil, err
}

// MediaDelete deletes a file that nothing uses: its record, then its files.
// Without confirm=yes it only asks.
func (s *Server) MediaDelete(c echo.Context) error {
	m, err := s.mediaParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var gone store.Media
	deleted, err := s.deleteConfirmed(c, func() ([]store.Usage, error) { return s.Store.MediaUsage(ctx, m.ID) },
		func() (err error) { gone, err = s.Store.DeleteMedia(ctx, m.ID, s.Now()); return err },
		func(used []store.Usage) error { return s.renderMediaDeletion(c, m, used) })
	if !deleted {
		return err
	}
	f := media.File{Name: gone.Name, Kind: media.Kind(gone.Kind)}
	for _, v := range gone.Variants {
		f.Variants = append(f.Variants, media.Variant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	if err := s.Media.Remove(f); err != nil {
		// The record is gone, so nothing links the file any more; what is
		// left on disk only takes space. Say so in the log.
		s.Log.Error("remove media files", "name", gone.Name, "err", err)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/media?deleted=1")
}
