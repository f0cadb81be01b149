package pdfdoc

import (
	"errors"
	"io"
	"strconv"
)

// A small PDF tokenizer and object reader. It is not a second PDF parser:
// the pre-checks use it to read the few dictionaries and counts that
// github.com/ledongthuc/pdf would otherwise trust blindly (see preflight.go
// and streams.go). It follows that library's lexical rules so that both see
// the same tokens.

// Values produced by lexer.object.
type (
	pdfName    string
	pdfKeyword string // also "<<", ">>", "[", "]", "{", "}", reals, true, false
	pdfString  struct{}
	pdfRef     struct{ num, gen int64 }
	pdfDict    map[pdfName]any
	pdfArray   []any
)

// errSyntax means the lexer could not make sense of the input. The
// pre-checks then stop and leave the verdict to the library, which reports
// malformed files itself.
var errSyntax = errors.New("unexpected PDF syntax")

const (
	maxLexDepth = 64      // nesting of arrays and dictionaries
	maxLexItems = 1 << 16 // values read by one lexer, so a huge dictionary cannot exhaust memory
	maxTokenLen = 256     // bytes kept of a name or keyword; the rest is skipped
)

type lexer struct {
	r     io.ByteScanner
	back  []any // tokens read ahead and pushed back, last in first out
	items int
}

func newLexer(r io.ByteScanner) *lexer { return &lexer{r: r} }

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '<', '>', '(', ')', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// token returns the next token, or io.EOF (or a read error) at the end. It
// never fails on odd input: a stray delimiter comes back as a keyword, as
// the callers only look for specific tokens.
func (l *lexer) token() (any, error) {
	if n := len(l.back); n > 0 {
		t := l.back[n-1]
		l.back = l.back[:n-1]
		return t, nil
	}
	c, err := l.skipSpace()
	if err != nil {
		return nil, err
	}
	switch c {
	case '(':
		l.skipLiteral()
		return pdfString{}, nil
	case '<':
		if l.next('<') {
			return pdfKeyword("<<"), nil
		}
		l.skipHex()
		return pdfString{}, nil
	case '>':
		if l.next('>') {
			return pdfKeyword(">>"), nil
		}
		return pdfKeyword(">"), nil
	case '[', ']', '{', '}', ')':
		return pdfKeyword(string(c)), nil
	case '/':
		return l.name()
	}
	_ = l.r.UnreadByte()
	return l.regular()
}

// next consumes the next byte if it is c.
func (l *lexer) next(c byte) bool {
	b, err := l.r.ReadByte()
	if err != nil {
		return false
	}
	if b != c {
		_ = l.r.UnreadByte()
		return false
	}
	return true
}

// skipSpace skips white space and comments and returns the first other byte.
func (l *lexer) skipSpace() (byte, error) {
	comment := false
	for {
		c, err := l.r.ReadByte()
		switch {
		case err != nil:
			return 0, err
		case comment:
			comment = c != '\r' && c != '\n'
		case c == '%':
			comment = true
		case !isSpace(c):
			return c, nil
		}
	}
}

// skipLiteral skips a (string), which may nest balanced parentheses.
func (l *lexer) skipLiteral() {
	depth := 1
	for depth > 0 {
		c, err := l.r.ReadByte()
		if err != nil {
			return // like the library, an unterminated string ends at EOF
		}
		switch c {
		case '\\':
			_, _ = l.r.ReadByte()
		case '(':
			depth++
		case ')':
			depth--
		}
	}
}

// skipHex skips a <hex string>; anything but hex digits and space ends it,
// as it makes the library stop with an error.
func (l *lexer) skipHex() {
	for {
		c, err := l.r.ReadByte()
		if err != nil || c == '>' {
			return
		}
		if !isHexDigit(c) && !isSpace(c) {
			_ = l.r.UnreadByte()
			return
		}
	}
}

// name reads a /Name, decoding #xx escapes as the library does.
func (l *lexer) name() (any, error) {
	b, err := l.run()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) && isHexDigit(b[i+1]) && isHexDigit(b[i+2]) {
			v, _ := strconv.ParseUint(string(b[i+1:i+3]), 16, 8)
			out = append(out, byte(v))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return pdfName(out), nil
}

// regular reads a run of regular characters: a number or a keyword.
func (l *lexer) regular() (any, error) {
	b, err := l.run()
	if err != nil {
		return nil, err
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return n, nil
	}
	return pdfKeyword(b), nil
}

// run reads regular characters up to the next space or delimiter, keeping
// at most maxTokenLen of them.
func (l *lexer) run() ([]byte, error) {
	var b []byte
	for {
		c, err := l.r.ReadByte()
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if isSpace(c) || isDelim(c) {
			_ = l.r.UnreadByte()
			return b, nil
		}
		if len(b) < maxTokenLen {
			b = append(b, c)
		}
	}
}

// int reads a token that must be an integer.
func (l *lexer) int() (int64, bool) {
	t, err := l.token()
	n, ok := t.(int64)
	return n, ok && err == nil
}

// keyword reads a token that must be the keyword kw.
func (l *lexer) keyword(kw string) bool {
	t, err := l.token()
	return err == nil && t == pdfKeyword(kw)
}

// object reads one value: a dictionary, an array, a reference, a number, a
// name, null (as nil) or a keyword.
func (l *lexer) object(depth int) (any, error) {
	if depth > maxLexDepth {
		return nil, errSyntax
	}
	if l.items++; l.items > maxLexItems {
		return nil, errSyntax
	}
	t, err := l.token()
	if err != nil {
		return nil, errSyntax
	}
	switch t := t.(type) {
	case pdfKeyword:
		switch t {
		case "<<":
			return l.dict(depth)
		case "[":
			return l.array(depth)
		case "null":
			return nil, nil
		}
	case int64:
		return l.maybeRef(t), nil
	}
	return t, nil
}

// maybeRef turns "n g R" into a pdfRef; otherwise it gives back n and
// pushes back what it read ahead.
func (l *lexer) maybeRef(n int64) any {
	t2, err := l.token()
	if err != nil {
		return n
	}
	if gen, ok := t2.(int64); ok {
		t3, err := l.token()
		if err == nil && t3 == pdfKeyword("R") {
			return pdfRef{n, gen}
		}
		if err == nil {
			l.back = append(l.back, t3)
		}
	}
	l.back = append(l.back, t2)
	return n
}

func (l *lexer) dict(depth int) (pdfDict, error) {
	d := pdfDict{}
	for {
		t, err := l.token()
		if err != nil {
			return nil, errSyntax
		}
		if t == pdfKeyword(">>") {
			return d, nil
		}
		key, ok := t.(pdfName)
		if !ok {
			return nil, errSyntax
		}
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		d[key] = v
	}
}

func (l *lexer) array(depth int) (pdfArray, error) {
	var a pdfArray
	for {
		t, err := l.token()
		if err != nil {
			return nil, errSyntax
		}
		if t == pdfKeyword("]") {
			return a, nil
		}
		l.back = append(l.back, t)
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}
