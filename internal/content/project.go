package content

import "time"

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

// VisibilityProblems lists how the project would break the EU visibility
// rules; empty when it keeps them. The admin form shows these as warnings and
// a test renders every EU-funded project page against them.
func (p Project) VisibilityProblems() []string {
	if !p.EUFunded() {
		return nil
	}
	var probs []string
	if p.Derogation {
		if p.DerogationReason == "" {
			probs = append(probs, "A derogation from EU visibility needs a recorded reason.")
		}
		return probs
	}
	if p.Statement != StatementFunded && p.Statement != StatementCoFunded {
		probs = append(probs, "Choose the funding statement: “Funded by” or “Co-funded by the European Union”.")
	}
	return probs
}
