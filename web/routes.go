package web

// routes is the one route table of the site, read top to bottom.
func (s *Server) routes() {
	// Public pages.
	s.page("/", s.home)
	s.page("/news", s.newsList)
	s.page("/news/:slug", s.newsItem)
	s.page("/projects", s.projectList)
	s.page("/projects/:slug", s.projectItem)
	s.page("/tags/:tag", s.tagList)
	s.page("/search", s.search)
	s.page("/sitemap", s.siteMap)

	// For machines.
	s.get("/sitemap.xml", s.sitemapXML)
	s.get("/sitemaps/:part", s.sitemapPart)
	s.page("/feed.xml", s.feed)
	s.page("/robots.txt", s.robots)
	s.get("/healthz", s.healthz)

	// Files.
	s.get("/assets/*", s.asset)
	s.get("/media/:name", s.mediaFile)

	// Plain pages answer at the top level, after every fixed route.
	s.page("/:slug", s.plainPage)

	// The admin area, in admin.go.
	s.adminRoutes()
}
