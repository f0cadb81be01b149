package content

// Kind names a type of content.
type Kind string

// The kinds of content.
const (
	KindNews    Kind = "news"
	KindProject Kind = "project"
	KindPage    Kind = "page"
	// Second stage: what an organisation publishes besides news.
	KindPublication Kind = "publication"
	KindEvent       Kind = "event"
	KindCall        Kind = "call"
)

// KindInfo is everything the site knows about a kind of content in one row:
// its names for people, where it lives, what it has. Lists, the trash,
// history, preview, sitemap, search and the admin menu read this table, so
// a new kind is a new row here rather than a case in every switch.
type KindInfo struct {
	Kind     Kind
	Label    string // one item, as a heading word: "News", "Project"
	Singular string // one item in a sentence's subject: "News item"
	Plural   string // the list's title: "News", "Projects"
	NewLabel string // the button that starts one: "Write a news item"
	// Base is the public path the items live under ("/news"); empty for
	// plain pages, which answer at the top level.
	Base string
	// Admin is the path of the kind's screens in the admin area.
	Admin string
	// What the kind's items have besides the common entry fields.
	LeadImage   bool
	Tags        bool
	ProjectLink bool
	Dates       bool // start and end dates
	// JSONLD is the schema.org type of an item's page.
	JSONLD string
}

// kinds is the table, in the order lists and menus show the kinds.
var kinds = []KindInfo{
	{Kind: KindNews, Label: "News", Singular: "News item", Plural: "News", NewLabel: "Write a news item",
		Base: "/news", Admin: "/admin/news", LeadImage: true, Tags: true, ProjectLink: true, JSONLD: "NewsArticle"},
	{Kind: KindProject, Label: "Project", Singular: "Project", Plural: "Projects", NewLabel: "Add a project",
		Base: "/projects", Admin: "/admin/projects", LeadImage: true, Tags: true, Dates: true, JSONLD: "Project"},
	{Kind: KindPublication, Label: "Publication", Singular: "Publication", Plural: "Publications", NewLabel: "Add a publication",
		Base: "/publications", Admin: "/admin/publications", LeadImage: true, Tags: true, ProjectLink: true, JSONLD: "Report"},
	{Kind: KindEvent, Label: "Event", Singular: "Event", Plural: "Events", NewLabel: "Add an event",
		Base: "/events", Admin: "/admin/events", Tags: true, ProjectLink: true, JSONLD: "Event"},
	{Kind: KindCall, Label: "Call", Singular: "Call", Plural: "Calls", NewLabel: "Add a call",
		Base: "/calls", Admin: "/admin/calls", Tags: true, JSONLD: "JobPosting"},
	{Kind: KindPage, Label: "Page", Singular: "Page", Plural: "Pages", NewLabel: "Add a page",
		Base: "", Admin: "/admin/pages", JSONLD: "WebPage"},
}

// Kinds lists every kind of content, in display order.
func Kinds() []KindInfo { return kinds }

// ParseKind reads a kind's name as it appears in URLs and forms; ok is
// false for anything that is not a kind.
func ParseKind(s string) (Kind, bool) {
	for _, k := range kinds {
		if string(k.Kind) == s {
			return k.Kind, true
		}
	}
	return "", false
}

// Info is the kind's row in the table; an unknown kind gets an empty row.
func (k Kind) Info() KindInfo {
	for _, i := range kinds {
		if i.Kind == k {
			return i
		}
	}
	return KindInfo{Kind: k}
}

// Path is the public URL path of an item of kind k with slug.
func Path(k Kind, slug string) string { return k.Info().Base + "/" + slug }
