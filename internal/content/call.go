package content

import (
	"slices"
	"time"
)

// CallType is what a call asks for.
type CallType string

// CallTypes are the types, in the order lists and forms show them.
var CallTypes = []CallType{"vacancy", "tender", "experts", "grant"}

// ParseCallType reads a type as forms and URLs name it.
func ParseCallType(s string) (CallType, bool) {
	t := CallType(s)
	return t, slices.Contains(CallTypes, t)
}

// Call is a vacancy, tender, call for experts or grant: open until its
// deadline, then closed but still readable.
type Call struct {
	Entry
	Type      CallType
	Reference string
	Deadline  time.Time
	Documents []Document
	Tags      []Tag
}

// Open reports whether applications are still taken at now.
func (c Call) Open(now time.Time) bool { return c.Deadline.After(now) }
