package store

import (
	"strings"

	"orgsite/internal/content"
)

// storage is where the items of a kind live: the store's side of the kind
// table in package content.
type storage struct {
	table string
	// code packs the kind into the search index's rowid (id*16 + code,
	// room for 15 kinds; the index is rebuilt by migration 0008); a stored
	// code is never reused for another kind.
	code int64
	// searchExtra is an SQL expression over the table indexed beside the
	// title, such as a project's acronym.
	searchExtra string
	// usesMedia is an SQL condition, on the table and the named
	// parameter :id, that an item uses a library file other than by its
	// lead image or a link in its body.
	usesMedia string
	// listExtra is an SQL expression over t shown beside an item's title
	// in the admin list, such as a project's acronym.
	listExtra string
	// sitemapOrder is the order of the kind's part of the sitemap (default
	// by id) and sitemapIndex the index that walks it; a kind with an
	// index is the large one, read last and never counted.
	sitemapOrder, sitemapIndex string
	// tagLink is the table linking the kind's items to their tags, and
	// tagCol its column naming the item; empty for a kind without tags.
	tagLink, tagCol string
	// dateCol is the kind's own date an admin list may be sorted by, such
	// as an event's start; empty for none.
	dateCol string
}

var storages = map[content.Kind]storage{
	content.KindNews: {table: "news", code: 1, searchExtra: "''",
		sitemapOrder: "t.published_at DESC, t.id DESC", sitemapIndex: "news_sitemap",
		tagLink: "news_tags", tagCol: "news_id"},
	content.KindProject: {table: "projects", code: 2, searchExtra: "acronym", listExtra: "t.acronym",
		tagLink: "project_tags", tagCol: "project_id"},
	content.KindPage: {table: "pages", code: 3, searchExtra: "''", sitemapOrder: "t.menu_order, t.id"},
	// A publication is found by its authors and by the text of its PDF.
	content.KindPublication: {table: "publications", code: 4,
		searchExtra: "authors || ' ' || coalesce((SELECT m.text FROM media m WHERE m.id = document_id), '')",
		usesMedia:   "document_id = :id", listExtra: "t.type", tagLink: "publication_tags", tagCol: "publication_id"},
	content.KindEvent: {table: "events", code: 5, searchExtra: "venue || ' ' || city || ' ' || country",
		listExtra: "date(t.starts_at, 'unixepoch')", tagLink: "event_tags", tagCol: "event_id", dateCol: "t.starts_at"},
	content.KindCall: {table: "calls", code: 6, searchExtra: "reference", listExtra: "t.reference", dateCol: "t.deadline",
		usesMedia: "id IN (SELECT call_id FROM call_documents WHERE media_id = :id)", tagLink: "call_tags", tagCol: "call_id"},
}

// table names the content table of a kind.
func table(k content.Kind) string { return storages[k].table }

// searchRowID is the rowid of an item's row in the full-text index.
func searchRowID(k content.Kind, id int64) int64 { return id*16 + storages[k].code }

// unionAll joins one SELECT per kind, each made by sel from the kind's
// name and table, into one query over every content table.
func unionAll(sel func(kind, table string) string) string {
	parts := make([]string, 0, len(storages))
	for _, k := range content.Kinds() {
		parts = append(parts, sel(string(k.Kind), table(k.Kind)))
	}
	return strings.Join(parts, "\nUNION ALL ")
}
