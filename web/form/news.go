package form

import (
	"mime/multipart"
	"net/url"
	"strings"
	"time"

	"orgsite/internal/content"
)

// News is the news item editor, as typed.
type News struct {
	Entry
	Tags      string
	ProjectID string
	LeadImage

	tags      []string
	projectID int64
}

// ReadNews reads a posted news editor.
func ReadNews(v url.Values, files map[string][]*multipart.FileHeader) News {
	return News{Entry: ReadEntry(v), Tags: Value(v, "tags"), ProjectID: v.Get("project_id"), LeadImage: ReadLeadImage(v, files)}
}

// NewsOf shows a saved news item in its form.
func NewsOf(n content.News, zone *time.Location) News {
	return News{Entry: EntryOf(n.Entry, zone), Tags: TagNames(n.Tags), ProjectID: idString(n.ProjectID), LeadImage: LeadImageOf(n.LeadImage)}
}

// NewsChoices are what a news item may point to.
type NewsChoices struct {
	Projects []Option
	Images   []Option
}

// Validate checks the whole form.
func (f *News) Validate(env Env, ch NewsChoices) error {
	if err := f.Entry.Validate(env); err != nil {
		return err
	}
	f.tags = f.validateTags(f.Tags)
	var ok bool
	if f.projectID, ok = Choose(f.ProjectID, ch.Projects); !ok {
		f.Errors.Set("project_id", "Choose a project from the list.")
	}
	f.LeadImage.Validate(f.Errors, ch.Images)
	return nil
}

// validateTags checks a tags field and gives its tags.
func (f *Entry) validateTags(typed string) []string {
	typed = f.Errors.Text("tags", typed, 1000, "The tags")
	tags := content.SplitList(typed)
	f.Errors.Add("tags", content.CheckTags(tags))
	return tags
}

// Apply writes the checked form onto n; TagList gives its tags.
func (f *News) Apply(n *content.News) {
	f.Entry.Apply(&n.Entry)
	n.ProjectID = f.projectID
	f.LeadImage.Apply(&n.LeadImage)
}

// TagList is the tags as checked, for the store.
func (f *News) TagList() []string { return f.tags }

// TagNames shows tags in a form field.
func TagNames(tags []content.Tag) string {
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}
