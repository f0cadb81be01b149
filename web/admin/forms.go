package admin

import (
	"github.com/labstack/echo/v4"

	"orgsite/web/form"
)

// formText reads a posted field and checks its encoding and length, for
// the small forms that read field by field (see form.Errors.Text).
func formText(c echo.Context, name string, maxLen int, errs form.Errors, label string) string {
	v, _ := c.FormParams()
	return form.Text(v, name, maxLen, errs, label)
}
