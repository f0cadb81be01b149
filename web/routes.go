package web

// routes is the one route table of the site, read top to bottom.
func (s *Server) routes() {
	// Public pages.
	s.get("/", s.home)
	s.get("/news", s.newsList)
	s.get("/news/:slug", s.newsItem)
	s.get("/projects", s.projectList)
	s.get("/projects/:slug", s.projectItem)
	s.get("/tags/:tag", s.tagList)
	s.get("/search", s.search)
	s.get("/sitemap", s.siteMap)

	// For machines.
	s.get("/sitemap.xml", s.sitemapXML)
	s.get("/sitemaps/:part", s.sitemapPart)
	s.get("/feed.xml", s.feed)
	s.get("/robots.txt", s.robots)
	s.get("/healthz", s.healthz)

	// Files.
	s.get("/assets/*", s.asset)
	s.get("/media/:name", s.mediaFile)

	// Plain pages answer at the top level, after every fixed route.
	s.get("/:slug", s.page)

	// The admin area, in admin.go.
	s.adminRoutes()
}
