package demo

import (
	"image"
	"image/color"
	"math"
)

// Illustrations are drawn in code rather than shipped as photographs: the
// demo carries no third-party pictures, and the images still go through the
// real resizing pipeline. Each is a flat, calm scene in the site's palette.

var palette = map[string][3]color.RGBA{
	"conference": {{29, 78, 137, 255}, {236, 188, 92, 255}, {245, 241, 232, 255}},
	"training":   {{23, 92, 84, 255}, {233, 150, 84, 255}, {240, 244, 240, 255}},
	"visit":      {{52, 62, 120, 255}, {214, 120, 110, 255}, {238, 238, 246, 255}},
	"report":     {{110, 52, 80, 255}, {240, 200, 120, 255}, {247, 240, 236, 255}},
	"meeting":    {{40, 70, 100, 255}, {120, 180, 170, 255}, {236, 242, 246, 255}},
	"landscape":  {{36, 90, 130, 255}, {242, 176, 90, 255}, {250, 236, 214, 255}},
}

// Illustration draws a 1600×900 picture for one of the demo's image kinds.
func Illustration(kind string) image.Image {
	const w, h = 1600, 900
	c, ok := palette[kind]
	if !ok {
		c = palette["landscape"]
	}
	deep, warm, light := c[0], c[1], c[2]
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		t := float64(y) / h
		row := mix(light, deep, 0.15+0.5*t*t)
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, row)
		}
	}
	// A sun or lamp, then rolling bands like hills or rows of seats.
	disc(img, 1180, 260, 150, mix(warm, light, 0.2))
	for i := 0; i < 4; i++ {
		base := 520 + i*90
		amp := 40.0 - float64(i)*6
		col := mix(deep, warm, 0.12*float64(i))
		col = mix(col, light, 0.25-0.06*float64(i))
		for x := 0; x < w; x++ {
			top := base + int(amp*math.Sin(float64(x)/(180+float64(i)*40)+float64(i)))
			for y := top; y < h; y++ {
				img.SetRGBA(x, y, col)
			}
		}
	}
	switch kind {
	case "conference", "meeting":
		// A long table with people seated around it.
		rect(img, 300, 640, 1300, 700, mix(warm, deep, 0.4))
		for i := 0; i < 8; i++ {
			x := 360 + i*125
			disc(img, x, 590, 30, mix(deep, light, 0.1))
			rect(img, x-38, 615, x+38, 650, mix(deep, light, 0.1))
		}
	case "training", "visit":
		// People standing at a board.
		rect(img, 240, 300, 760, 620, light)
		rect(img, 270, 330, 730, 590, mix(light, deep, 0.08))
		for i := 0; i < 5; i++ {
			x := 900 + i*130
			disc(img, x, 560, 34, mix(deep, light, 0.05))
			rect(img, x-40, 594, x+40, 760, mix(deep, warm, 0.2))
		}
	case "report":
		// A stack of bound reports.
		for i := 0; i < 5; i++ {
			rect(img, 520+i*18, 330+i*60, 1080+i*18, 390+i*60, mix(warm, deep, 0.15*float64(i)))
		}
	}
	return img
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}

func disc(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r && image.Pt(x, y).In(img.Rect) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}

func rect(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			if image.Pt(x, y).In(img.Rect) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
