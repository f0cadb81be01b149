package content

import (
	"net/url"
	"strings"
	"time"
)

// ProjectStatus is derived from a project's dates, never stored.
type ProjectStatus string

// The phases of a project.
const (
	ProjectUpcoming  ProjectStatus = "upcoming"
	ProjectOngoing   ProjectStatus = "ongoing"
	ProjectCompleted ProjectStatus = "completed"
)

// Funding statement variants required by EU visibility rules.
const (
	StatementFunded   = "funded"    // "Funded by the European Union"
	StatementCoFunded = "co-funded" // "Co-funded by the European Union"
)

// Role says what a partner does in a project.
type Role string

// The roles a partner can have in a project.
const (
	RoleFunder      Role = "funder"
	RoleImplementer Role = "implementer"
	RolePartner     Role = "partner"
)

// Partner is a funder, implementer or partner organisation.
type Partner struct {
	ID   int64
	Name string
	URL  string
	// Logo is a path under assets ("logos/eu.svg") or a media URL ("/media/…").
	Logo       string
	LogoWidth  int
	LogoHeight int
	// EU marks the European Union, whose emblem and statement follow rules.
	EU bool
}

// Project is a project page.
type Project struct {
	Entry
	Acronym      string
	StartDate    time.Time // a date in the site's zone; zero if unknown
	EndDate      time.Time
	Countries    []string
	DutyStations []string
	Tags         []Tag
	Funders      []Partner
	Implementers []Partner
	Partners     []Partner
	// Statement is StatementFunded or StatementCoFunded.
	Statement string
	// Derogation turns EU visibility off for this project, for a recorded reason.
	Derogation       bool
	DerogationReason string
	LeadImage        Image
}

// Phase derives the project's status from its dates at now.
func (p Project) Phase(now time.Time) ProjectStatus {
	switch {
	case !p.StartDate.IsZero() && now.Before(p.StartDate):
		return ProjectUpcoming
	case !p.EndDate.IsZero() && !now.Before(p.EndDate.AddDate(0, 0, 1)):
		return ProjectCompleted
	}
	return ProjectOngoing
}

// EUFunded reports whether the EU is among the project's funders.
func (p Project) EUFunded() bool {
	for _, f := range p.Funders {
		if f.EU {
			return true
		}
	}
	return false
}

// ShowsEUVisibility reports whether the project's pages must carry the EU
// emblem and funding statement.
func (p Project) ShowsEUVisibility() bool { return p.EUFunded() && !p.Derogation }

// FundingStatement is the sentence shown beside the EU emblem.
func (p Project) FundingStatement() string {
	if p.Statement == StatementCoFunded {
		return "Co-funded by the European Union"
	}
	return "Funded by the European Union"
}

// Duration is the project's period in words, such as "June 2021 – May 2024".
func (p Project) Duration() string {
	switch {
	case p.StartDate.IsZero() && p.EndDate.IsZero():
		return ""
	case p.EndDate.IsZero():
		return "Since " + p.StartDate.Format("January 2006")
	case p.StartDate.IsZero():
		return "Until " + p.EndDate.Format("January 2006")
	}
	return p.StartDate.Format("January 2006") + " – " + p.EndDate.Format("January 2006")
}

// VisibilityIssue is one way a project breaks the EU visibility rules.
type VisibilityIssue struct {
	Field string // the form field that puts it right
	Rule  string // the rule broken, as the warning box words it
	Fix   string // what to do, as shown beside the field
}

// VisibilityIssues lists how the project breaks the EU visibility rules;
// empty when it keeps them. The admin form refuses a project with issues,
// shows them as warnings, and a test renders every EU-funded project page
// against the rules.
func (p Project) VisibilityIssues() []VisibilityIssue {
	var out []VisibilityIssue
	if p.Derogation && p.DerogationReason == "" {
		out = append(out, VisibilityIssue{Field: "derogation_reason",
			Rule: "A derogation from EU visibility needs a recorded reason.",
			Fix:  "Give the reason for the derogation; it is kept on record."})
	}
	if p.EUFunded() && !p.Derogation && p.Statement != StatementFunded && p.Statement != StatementCoFunded {
		out = append(out, VisibilityIssue{Field: "statement",
			Rule: "Choose the funding statement: “Funded by” or “Co-funded by the European Union”.",
			Fix:  "The European Union is a funder: choose the statement shown beside its emblem."})
	}
	return out
}

// VisibilityProblems words the project's visibility issues as rules, for
// the warning box; nil when it keeps them.
func (p Project) VisibilityProblems() []string {
	var out []string
	for _, is := range p.VisibilityIssues() {
		out = append(out, is.Rule)
	}
	return out
}

// VisibilityNotes are remarks on a project's EU visibility that break no
// rule but that an editor should see.
func (p Project) VisibilityNotes() []string {
	if !p.EUFunded() {
		return nil
	}
	var notes []string
	if p.Derogation {
		notes = append(notes, "The derogation is on: the EU emblem, the funding statement and the EU's name will not appear on this project's pages.")
	}
	for _, f := range p.Funders {
		if f.EU && strings.TrimSpace(f.Logo) == "" {
			notes = append(notes, "The partner “"+f.Name+"” has no logo in the partners list; the standard EU emblem will be shown. Check the partner's entry.")
		}
	}
	return notes
}

// ParseStatement reads the funding statement chosen in a form: empty (not
// chosen yet) or one of the two variants.
func ParseStatement(v string) (string, error) {
	switch v {
	case "", StatementFunded, StatementCoFunded:
		return v, nil
	}
	return "", Problem("Choose “Funded by” or “Co-funded by the European Union”.")
}

// ParseWebsite checks a partner's website address and gives it as
// stored, with its scheme in lower case. Only http and https are accepted:
// a javascript: or data: address on a logo link would run in visitors'
// browsers.
func ParseWebsite(v string) (string, error) {
	u, err := url.Parse(v)
	if err == nil && u.Scheme != "" && !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		return "", Problem("Only web addresses (https:// or http://) can be linked, not “" + u.Scheme + ":” addresses.")
	}
	if err != nil || u.Scheme == "" || u.Host == "" || u.User != nil || strings.ContainsAny(v, " \t\n\r\x00\\<>\"") {
		return "", Problem("Enter the website as an address starting with https:// or http://, such as https://www.example.org/.")
	}
	i := strings.IndexByte(v, ':')
	return strings.ToLower(v[:i]) + v[i:], nil // "HTTPS://…" is stored as "https://…"
}

// Label names the project in a list of choices: "MOBILAZE – Mobility…".
func (p Project) Label() string {
	if p.Acronym != "" {
		return p.Acronym + " – " + p.Title
	}
	return p.Title
}
