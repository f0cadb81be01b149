package content

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Problem is a broken rule, worded for the person who can put it right.
type Problem string

func (p Problem) Error() string { return string(p) }

// The rules below are each written once: the admin forms, the store, the
// importer and the tests all call them.

// PublicationTime is when an item saved with status and the time at (zero
// when none was given) becomes public: a published item without a time is
// published now, to the minute, so that "published" always means visible
// from a known moment.
func PublicationTime(status Status, at, now time.Time) time.Time {
	if status == StatusPublished && at.IsZero() {
		return now.Truncate(time.Minute)
	}
	return at
}

// Limits on tags and list fields (countries, duty stations).
const (
	MaxTags       = 20
	MaxTagLen     = 60
	MaxListItems  = 60
	MaxListItemLn = 100
)

// CheckTags says what is wrong with a list of tag names, or nil.
func CheckTags(tags []string) error {
	if len(tags) > MaxTags {
		return Problem("Use at most " + strconv.Itoa(MaxTags) + " tags.")
	}
	for _, t := range tags {
		if utf8.RuneCountInString(t) > MaxTagLen {
			return Problem("Each tag can have at most " + strconv.Itoa(MaxTagLen) + " characters.")
		}
	}
	return nil
}

// CheckList says what is wrong with a list field such as a project's
// countries; item names one entry ("country") in the message.
func CheckList(items []string, item string) error {
	if len(items) > MaxListItems {
		return Problem("Name at most " + strconv.Itoa(MaxListItems) + " of them.")
	}
	for _, it := range items {
		if utf8.RuneCountInString(it) > MaxListItemLn {
			return Problem("Each " + item + " can have at most " + strconv.Itoa(MaxListItemLn) + " characters.")
		}
	}
	return nil
}

// CheckSlug says why an item of kind k may not use slug (already in the
// form Slugify makes), or nil. Whether another item has it is the store's
// to answer.
func CheckSlug(k Kind, slug string) error {
	if _, lang := ParseLang(slug); k.Info().Base == "" && (ReservedSlug(slug) || lang) {
		return Problem("“" + slug + "” is used by the site itself; choose another slug.")
	}
	return nil
}

// CheckSchedule says what is wrong with an expiry time given the
// publication time (either may be zero), or nil.
func CheckSchedule(published, expires, now time.Time) error {
	if expires.IsZero() {
		return nil
	}
	start := published
	if start.IsZero() {
		start = now
	}
	if !expires.After(start) {
		return Problem("The expiry time must be after the publication time.")
	}
	return nil
}

// Restore is what restoring a revision makes of an item's common fields:
// the revision's text (title, summary, body) on the item as it is. Its
// status, publication and expiry times, address and language never change:
// bringing back an old wording must not take a live page down or move it.
func Restore(current, revision Entry) Entry {
	current.Title, current.Summary, current.BodyMD = revision.Title, revision.Summary, revision.BodyMD
	current.BodyHTML = ""
	return current
}

// RestoreImage is the lead image restoring a revision gives an item: the
// revision's, unless its file has been deleted since (gone is true), when
// the item keeps the one it has.
func RestoreImage(current, revision Image, gone bool) Image {
	if gone {
		return current
	}
	return revision
}

// CleanList trims the items of a list field, folds their spaces and drops
// empty ones and repeats (ignoring case).
func CleanList(items []string) []string {
	seen := map[string]bool{}
	out := items[:0:0]
	for _, it := range items {
		it = strings.Join(strings.Fields(it), " ")
		if it == "" || seen[strings.ToLower(it)] {
			continue
		}
		seen[strings.ToLower(it)] = true
		out = append(out, it)
	}
	return out
}

// SplitList splits a comma-separated field (tags, countries) into clean
// items.
func SplitList(s string) []string { return CleanList(strings.Split(s, ",")) }
