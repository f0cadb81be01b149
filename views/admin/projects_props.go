package admin

import "slices"

// ProjectForm is the project editor.
type ProjectForm struct {
	Chrome
	EntryForm
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
	Phase   string   // upcoming, ongoing or completed: of the saved project
	Choices []Option // every partner organisation
	Images  []Option
	// EU visibility warnings: what the saved project breaks, what the
	// posted one would break (shown on preview and on errors), and notes
	// that do not break the rules but deserve a look.
	SavedProblems  []string
	PostedProblems []string
	Notes          []string
}

// Warns reports whether the EU visibility box has anything to say.
func (f ProjectForm) Warns() bool {
	return len(f.SavedProblems)+len(f.PostedProblems)+len(f.Notes) > 0
}

// PageForm is the plain page editor.
type PageForm struct {
	Chrome
	EntryForm
	MenuOrder string // a whole number ordering the pages; 0 for no particular place
}

// ticked reports whether an option's value is among the chosen ones.
func ticked(chosen []string, v string) bool { return slices.Contains(chosen, v) }
