package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// The chart: one group per operation, with a bar for ours / primitive and
// one for ours / fastest other library. The x axis is logarithmic and the
// bars grow from 1 (parity): to the right ours is slower, to the left
// faster. A black tick on a bar marks its target, dashed lines the target
// values, and the label says whether the target is met.

const (
	svgWidth   = 1060
	labelWidth = 320
	plotLeft   = labelWidth + 10
	plotRight  = svgWidth - 220
	valueLeft  = plotRight + 12 // the column of the values and marks
	topMargin  = 84
	barHeight  = 9
	barGap     = 2
	groupGap   = 10
	axisHeight = 40
	minRatio   = 0.03
	maxRatio   = 30
	colorPrim  = "#4c78a8"
	colorOther = "#f58518"
	colorMiss  = "#d62728"
	colorMet   = "#2ca02c"
	colorNoise = "#c77c02"
)

func xOf(v float64) float64 {
	v = math.Min(math.Max(v, minRatio), maxRatio)
	f := (math.Log10(v) - math.Log10(minRatio)) / (math.Log10(maxRatio) - math.Log10(minRatio))
	return plotLeft + f*(plotRight-plotLeft)
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func writeSVG(w io.Writer, rep *report) error {
	groupHeight := 2*barHeight + barGap + groupGap
	height := topMargin + len(rep.rows)*groupHeight + axisHeight
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }

	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", svgWidth, height, svgWidth, height)
	p(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	title := "Ours / primitive and ours / fastest other library (log scale; left of 1 = ours faster)"
	p(`<text x="%d" y="18" font-size="14" font-weight="bold">%s</text>`+"\n", 10, esc(title))
	sub := fmt.Sprintf("medians of the %s; %s/%s, %s, GOMAXPROCS=%s, %s", rep.timeName(), rep.config["goos"], rep.config["goarch"], rep.config["cpu"], rep.procs, rep.config["date"])
	p(`<text x="10" y="34" fill="#555">%s</text>`+"\n", esc(sub))
	// Legend.
	p(`<rect x="10" y="44" width="12" height="9" fill="%s"/><text x="26" y="52">ours / primitive</text>`+"\n", colorPrim)
	p(`<rect x="130" y="44" width="12" height="9" fill="%s"/><text x="146" y="52">ours / fastest other library</text>`+"\n", colorOther)
	p(`<line x1="320" y1="42" x2="320" y2="55" stroke="black" stroke-width="2"/><text x="326" y="52">target of that bar</text>` + "\n")
	p(`<text x="440" y="52"><tspan fill="%s">✓</tspan> met  <tspan fill="%s">✗</tspan> missed  <tspan fill="%s">✗, ✓ on fastest runs</tspan>: noise</text>`+"\n", colorMet, colorMiss, colorNoise)

	plotTop := topMargin - 8
	plotBottom := height - axisHeight + 4
	// Grid and target lines.
	for _, g := range []float64{0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20} {
		x := xOf(g)
		stroke, dash, width := "#ddd", "", 1.0
		switch g {
		case 1:
			stroke, width = "#333", 1.5
		case 0.5, 2:
			stroke, dash = "#888", ` stroke-dasharray="4 3"`
		}
		p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="%.1f"%s/>`+"\n", x, plotTop, x, plotBottom, stroke, width, dash)
		p(`<text x="%.1f" y="%d" text-anchor="middle" fill="#333">%s×</text>`+"\n", x, plotBottom+14, trimFloat(g))
	}
	x11 := xOf(1.1)
	p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888" stroke-dasharray="1 2"/>`+"\n", x11, plotTop, x11, plotBottom)
	for _, g := range []float64{0.5, 1.1, 2} {
		p(`<text x="%.1f" y="%d" text-anchor="middle" fill="#555" font-size="10">%s×</text>`+"\n", xOf(g), plotTop-3, trimFloat(g))
	}
	p(`<text x="%d" y="%d" fill="#555" font-size="10">ratio, target</text>`+"\n", valueLeft, plotTop-3)
	p(`<text x="%d" y="%d" fill="#333">ratio (log scale): below 1, ours is faster; targets: 2× primitive (symmetric), 1.1× primitive (asymmetric), 0.5× fastest other (HS256), &lt;1× fastest other (JWK)</text>`+"\n", plotLeft-labelWidth+10, plotBottom+32)

	shade, fam := true, ""
	for i, r := range rep.rows {
		y := topMargin + i*groupHeight
		if f := family(r.op); f != fam {
			fam, shade = f, !shade
		}
		if shade {
			p(`<rect x="0" y="%d" width="%d" height="%d" fill="#f3f3f3"/>`+"\n", y-groupGap/2, svgWidth, groupHeight)
		}
		p(`<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", labelWidth, y+barHeight+3, esc(r.op))
		bar(p, r, vsPrimitive, y, colorPrim)
		bar(p, r, vsFastest, y+barHeight+barGap, colorOther)
	}
	p("</svg>\n")
	return nil
}

func bar(p func(string, ...any), r *row, m metric, y int, color string) {
	v, ok := r.ratios[m]
	if !ok {
		return
	}
	x0, x1 := xOf(1), xOf(v)
	left, width := math.Min(x0, x1), math.Abs(x1-x0)
	label := fmtRatio(v)
	if m == vsFastest && r.fastest != nil {
		label += " " + r.fastest.lib
	}
	labelColor := "#333"
	c, hasTarget := r.checkFor(m)
	if hasTarget {
		label += " (" + c.target.limit() + ")"
		switch {
		case c.met:
			label += " ✓"
			labelColor = colorMet
		case c.noisy():
			label += " ✗, ✓ on fastest runs"
			labelColor = colorNoise
		default:
			label += " ✗"
			labelColor = colorMiss
		}
	}
	p(`<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %s: %s</title></rect>`+"\n", left, y, math.Max(width, 1), barHeight, color, esc(r.op), m, fmtRatio(v))
	if hasTarget {
		tx := xOf(c.target.max)
		p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black" stroke-width="2"/>`+"\n", tx, y-1, tx, y+barHeight+1)
	}
	p(`<text x="%d" y="%d" fill="%s" font-size="10">%s</text>`+"\n", valueLeft, y+barHeight-1, labelColor, esc(label))
}

func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}
