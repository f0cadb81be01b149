package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
)

// routes is the one route table of the site, read top to bottom: the
// middleware every request passes, then every route.
func (s *Server) routes() {
	// Every request is logged, and a panic anywhere becomes a 500 page,
	// even before routing. Security headers come next, so that even the
	// redirects and refusals of canonicalPath carry them. Old addresses
	// (renamed slugs, a previous site's URLs) answer what nothing else
	// answers. A language prefix ("/az/news") chooses the page's language
	// and is routed without it, so every public route below exists in
	// every language of the site.
	s.echo.Pre(s.logRequests, s.recoverPanics, s.securityHeaders, s.canonicalPath, s.redirects, s.language)

	// Public pages, through the page cache; the query parameters a page
	// reads are named, and only they tell its cached copies apart.
	s.cachedGet("/", s.home)
	s.cachedGet("/news", s.newsList, "year", "project", "page")
	s.cachedGet("/news/:slug", s.newsItem)
	s.cachedGet("/projects", s.projectList)
	s.cachedGet("/projects/:slug", s.projectItem)
	s.cachedGet("/publications", s.publicationList, "type", "year", "project", "page")
	s.cachedGet("/publications/:slug", s.publicationItem)
	s.cachedGet("/events", s.eventList, "page")
	s.cachedGet("/events/:slug", s.eventItem) // and /events/{slug}.ics
	s.cachedGet("/calls", s.callList, "page")
	s.cachedGet("/calls/:slug", s.callItem)
	s.cachedGet("/tags/:tag", s.tagList, "page")
	s.cachedGet("/search", s.search, "q", "page")
	s.cachedGet("/sitemap", s.siteMap)

	// For machines.
	s.get("/sitemap.xml", s.cached(s.sitemaps, s.sitemapXML, nil))
	s.get("/sitemaps/:part", s.cached(s.sitemaps, s.sitemapPart, nil))
	s.cachedGet("/feed.xml", s.feed)
	s.cachedGet("/calls/feed.xml", s.callsFeed)
	s.cachedGet("/events.ics", s.eventsICS)
	s.cachedGet("/robots.txt", s.robots)
	s.get("/healthz", s.healthz)
	s.get("/readyz", s.readyz)

	// Files.
	s.get("/assets/*", s.asset)
	s.get("/media/:name", s.mediaFile)

	// Plain pages answer at the top level, after every fixed route.
	s.cachedGet("/:slug", s.plainPage)

	s.adminRoutes()
}

// adminRoutes is the admin area (web/admin). Every route passes through
// the no-store headers, the session, the body limit (small without a
// session) and the CSRF check;
// all but login need a signed-in user, and users, settings and the audit
// log need an admin.
func (s *Server) adminRoutes() {
	a := s.admin
	g := s.echo.Group("/admin", a.Headers, a.LoadSession, a.BodyLimit, a.CheckCSRF)
	g.GET("/login", a.LoginForm)
	g.POST("/login", a.Login)
	g.GET("/login/2fa", a.SecondStepForm)
	g.POST("/login/2fa", a.SecondStep)
	g.GET("/forgot", a.ForgotForm)
	g.POST("/forgot", a.Forgot)
	g.GET("/reset/:token", a.LinkForm)
	g.POST("/reset/:token", a.UseLink)
	g.GET("/invite/:token", a.LinkForm)
	g.POST("/invite/:token", a.UseLink)

	staff := g.Group("", a.RequireUser, a.RequireTwoFactor)
	staff.POST("/logout", a.Logout)
	staff.GET("", a.Dashboard)
	staff.GET("/preview/:kind/:id", a.Preview)
	// A shared preview: anyone with the secret link, never cached.
	s.echo.GET("/preview/:token", a.SharedPreview, a.Headers)
	s.contentRoutes(staff)
	s.staffRoutes(staff)
	s.adminOnlyRoutes(staff.Group("", a.RequireAdmin))
}

// contentRoutes are the screens of each kind of content: list, editor,
// trash and history.
func (s *Server) contentRoutes(staff *echo.Group) {
	a := s.admin
	for _, k := range content.Kinds() {
		items := staff.Group(strings.TrimPrefix(k.Admin, "/admin"))
		items.GET("", a.List(k.Kind))
		items.GET("/new", a.New(k.Kind))
		items.POST("/new", a.Save(k.Kind))
		items.GET("/:id", a.Edit(k.Kind))
		items.POST("/:id", a.Save(k.Kind))
		items.GET("/:id/translate/:lang", a.Translate(k.Kind))
		items.GET("/:id/history", a.History(k.Kind))
		items.GET("/:id/history/:rev", a.Revision(k.Kind, false))
		// What contributors may not do: delete, restore, share, review.
		editors := items.Group("", a.RequireEditor)
		editors.POST("/:id/trash", a.Trash(k.Kind))
		editors.GET("/:id/history/:rev/restore", a.Revision(k.Kind, true))
		editors.POST("/:id/history/:rev/restore", a.Restore(k.Kind))
		editors.POST("/:id/share", a.Share(k.Kind))
		editors.POST("/:id/share/revoke", a.ShareRevoke(k.Kind))
		editors.POST("/:id/return", a.SendBack(k.Kind))
	}
	staff.POST("/autosave/:kind/:id", a.Autosave)
	staff.POST("/preview-body", a.BodyPreview)
	staff.GET("/review", a.ReviewList, a.RequireEditor)
}

// staffRoutes are the screens every signed-in user has besides content;
// contributors have the media library and their account.
func (s *Server) staffRoutes(staff *echo.Group) {
	a := s.admin
	staff.GET("/media", a.MediaList)
	staff.POST("/media", a.MediaUpload)
	staff.GET("/media/picker", a.MediaPicker)
	staff.POST("/media/picker", a.MediaPickerUpload)
	staff.GET("/media/:id", a.MediaEdit)
	s.accountRoutes(staff)

	staff = staff.Group("", a.RequireEditor)
	staff.GET("/partners", a.Partners)
	staff.GET("/partners/new", a.PartnerNew)
	staff.POST("/partners/new", a.PartnerSave)
	staff.GET("/partners/:id", a.PartnerEdit)
	staff.POST("/partners/:id", a.PartnerSave)
	staff.GET("/partners/:id/delete", a.PartnerDeleteConfirm)
	staff.POST("/partners/:id/delete", a.PartnerDelete)

	staff.POST("/media/:id", a.MediaSave)
	staff.GET("/media/:id/delete", a.MediaDeleteConfirm)
	staff.POST("/media/:id/delete", a.MediaDelete)

	staff.GET("/redirects", a.Redirects)
	staff.POST("/redirects", a.AddRedirect)
	staff.POST("/redirects/:id/delete", a.DeleteRedirect)

	staff.GET("/trash", a.TrashList)
	staff.POST("/trash/:kind/:id/restore", a.RestoreItem)
	staff.GET("/trash/:kind/:id/delete", a.PurgeConfirm)
	staff.POST("/trash/:kind/:id/delete", a.PurgeItem)
}

// accountRoutes are the signed-in user's own account.
func (s *Server) accountRoutes(staff *echo.Group) {
	a := s.admin
	staff.GET("/account", a.Account)
	staff.POST("/account", a.AccountName)
	staff.POST("/account/password", a.AccountPassword)
	staff.GET("/account/sessions", a.Sessions)
	staff.POST("/account/sessions/end-others", a.EndOtherSessions)
	staff.POST("/account/sessions/:key/end", a.EndSession)
	staff.GET("/account/2fa", a.TwoFactor)
	staff.POST("/account/2fa", a.TwoFactorConfirm)
	staff.POST("/account/2fa/recovery", a.TwoFactorRecovery)
	staff.POST("/account/2fa/off", a.TwoFactorOff)
}

// adminOnlyRoutes are for administrators: users, settings, audit log.
func (s *Server) adminOnlyRoutes(admins *echo.Group) {
	a := s.admin
	admins.GET("/users", a.Users)
	admins.GET("/users/new", a.UserNew)
	admins.POST("/users/new", a.UserCreate)
	admins.GET("/users/:id", a.UserEdit)
	admins.POST("/users/:id", a.UserUpdate)
	admins.POST("/users/:id/password", a.UserResetPassword)
	admins.POST("/users/:id/disable", a.UserSetDisabled(true))
	admins.POST("/users/:id/enable", a.UserSetDisabled(false))
	admins.POST("/users/:id/invite", a.UserResendInvite)
	admins.POST("/users/:id/2fa-reset", a.UserReset2FA)
	admins.GET("/settings", a.Settings)
	admins.POST("/settings", a.SaveSettings)
	admins.GET("/audit", a.AuditLog)
}
