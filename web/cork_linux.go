package web

import (
	"net"
	"syscall"
)

// cork holds back partial TCP segments on c until uncorked, so that a
// response's header and body leave in one segment rather than two (net/http
// writes them separately once a body is larger than its 4 KB buffer).
func cork(c net.Conn, on bool) {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return
	}
	v := 0
	if on {
		v = 1
	}
	rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, v) })
}
