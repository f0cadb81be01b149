package form

import (
	"mime/multipart"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
)

// Project is the project editor, as typed.
type Project struct {
	Entry
	Acronym      string
	StartDate    string // YYYY-MM-DD
	EndDate      string
	Countries    string // comma-separated
	DutyStations string
	Tags         string
	// The partner ids ticked for each role, as posted or saved.
	Funders      []string
	Implementers []string
	Partners     []string
	Statement    string // "funded", "co-funded" or "" (not chosen yet)
	Derogation   bool
	Reason       string // why the derogation
	LeadImage

	p    content.Project // the checked fields, for Apply
	tags []string
}

// ReadProject reads a posted project editor.
func ReadProject(v url.Values, files map[string][]*multipart.FileHeader) Project {
	return Project{Entry: ReadEntry(v), Acronym: Value(v, "acronym"), StartDate: Value(v, "start_date"), EndDate: Value(v, "end_date"),
		Countries: Value(v, "countries"), DutyStations: Value(v, "duty_stations"), Tags: Value(v, "tags"),
		Funders: v["funders"], Implementers: v["implementers"], Partners: v["partners"],
		Statement: v.Get("statement"), Derogation: Checked(v, "derogation"), Reason: Value(v, "derogation_reason"),
		LeadImage: ReadLeadImage(v, files)}
}

// ProjectOf shows a saved project in its form.
func ProjectOf(p content.Project, zone *time.Location) Project {
	return Project{Entry: EntryOf(p.Entry, zone), Acronym: p.Acronym, StartDate: FormatDate(p.StartDate), EndDate: FormatDate(p.EndDate),
		Countries: strings.Join(p.Countries, ", "), DutyStations: strings.Join(p.DutyStations, ", "), Tags: TagNames(p.Tags),
		Funders: partnerIDs(p.Funders), Implementers: partnerIDs(p.Implementers), Partners: partnerIDs(p.Partners),
		Statement: p.Statement, Derogation: p.Derogation, Reason: p.DerogationReason, LeadImage: LeadImageOf(p.LeadImage)}
}

func partnerIDs(ps []content.Partner) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strconv.FormatInt(p.ID, 10)
	}
	return out
}

// ProjectChoices are what a project may name: every partner organisation,
// the partners the saved project has (their order is kept), the library's
// images.
type ProjectChoices struct {
	Partners []content.Partner
	Saved    content.Project
	Images   []Option
}

// Validate checks the whole form, the EU visibility rules included.
func (f *Project) Validate(env Env, ch ProjectChoices) error {
	if err := f.Entry.Validate(env); err != nil {
		return err
	}
	errs := f.Errors
	f.Acronym = errs.Text("acronym", f.Acronym, 40, "The acronym")
	f.p.Acronym = f.Acronym
	f.validateDates()
	f.Countries, f.p.Countries = f.validateList("countries", f.Countries, "The countries", "country")
	f.DutyStations, f.p.DutyStations = f.validateList("duty_stations", f.DutyStations, "The duty stations", "duty station")
	f.tags = f.validateTags(f.Tags)
	f.Funders, f.p.Funders = f.choosePartners("funders", f.Funders, ch, ch.Saved.Funders, "Choose the funders from the list.")
	f.Implementers, f.p.Implementers = f.choosePartners("implementers", f.Implementers, ch, ch.Saved.Implementers, "Choose the implementing agencies from the list.")
	f.Partners, f.p.Partners = f.choosePartners("partners", f.Partners, ch, ch.Saved.Partners, "Choose the partners from the list.")
	statement, err := content.ParseStatement(f.Statement)
	errs.Add("statement", err)
	f.Statement = statement
	f.Reason = errs.Text("derogation_reason", f.Reason, 2000, "The reason for the derogation")
	f.p.Statement, f.p.Derogation, f.p.DerogationReason = f.Statement, f.Derogation, f.Reason
	for _, is := range f.p.VisibilityIssues() {
		errs.Set(is.Field, is.Fix)
	}
	f.LeadImage.Validate(errs, ch.Images)
	return nil
}

func (f *Project) validateDates() {
	var ok bool
	if f.p.StartDate, ok = ParseDate(f.StartDate); !ok {
		f.Errors.Set("start_date", "Enter the start date as year-month-day, such as 2027-01-31.")
	}
	if f.p.EndDate, ok = ParseDate(f.EndDate); !ok {
		f.Errors.Set("end_date", "Enter the end date as year-month-day, such as 2029-12-31.")
	}
	if !f.p.StartDate.IsZero() && !f.p.EndDate.IsZero() && f.p.EndDate.Before(f.p.StartDate) {
		f.Errors.Set("end_date", "The end date must be on or after the start date.")
	}
}

// validateList checks a comma-separated list field such as the countries.
func (f *Project) validateList(name, typed, label, item string) (string, []string) {
	typed = f.Errors.Text(name, typed, 2000, label)
	list := content.SplitList(typed)
	f.Errors.Add(name, content.CheckList(list, item))
	return typed, list
}

// choosePartners checks the partner ids ticked for one role against the
// partners list. Partners the project already had keep their order; new
// ones follow in the order of the list.
func (f *Project) choosePartners(name string, values []string, ch ProjectChoices, had []content.Partner, msg string) ([]string, []content.Partner) {
	byID := make(map[string]content.Partner, len(ch.Partners))
	for _, p := range ch.Partners {
		byID[strconv.FormatInt(p.ID, 10)] = p
	}
	var typed []string
	var chosen []content.Partner
	for _, v := range values {
		v = strings.TrimSpace(v)
		p, ok := byID[v]
		if !ok {
			f.Errors.Set(name, msg)
			continue
		}
		if !slices.Contains(typed, v) {
			typed = append(typed, v)
			chosen = append(chosen, p)
		}
	}
	rank := func(p content.Partner) int {
		if i := slices.IndexFunc(had, func(h content.Partner) bool { return h.ID == p.ID }); i >= 0 {
			return i
		}
		return len(had) + slices.IndexFunc(ch.Partners, func(a content.Partner) bool { return a.ID == p.ID })
	}
	slices.SortStableFunc(chosen, func(a, b content.Partner) int { return rank(a) - rank(b) })
	return typed, chosen
}

// Posted is the project as the form would save it, for the visibility
// warnings shown with a preview or with errors.
func (f *Project) Posted() content.Project { return f.p }

// Apply writes the checked form onto p; TagList gives its tags.
func (f *Project) Apply(p *content.Project) {
	*p = f.p
	f.Entry.Apply(&p.Entry)
	f.LeadImage.Apply(&p.LeadImage)
}

// TagList is the tags as checked, for the store.
func (f *Project) TagList() []string { return f.tags }

// PartnerIDs are the chosen partners by role, for the store.
func PartnerIDs(ps []content.Partner) []int64 {
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}
