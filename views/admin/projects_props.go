package admin

import (
	"slices"

	"orgsite/web/form"
)

// ProjectForm is the project editor.
type ProjectForm struct {
	Chrome
	form.Project
	Saved
	Preview string
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
	form.Page
	Saved
	Preview string
}

// ticked reports whether an option's value is among the chosen ones.
func ticked(chosen []string, v string) bool { return slices.Contains(chosen, v) }
