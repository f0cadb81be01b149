//go:build !linux

package web

import "net"

// cork is a no-op where TCP_CORK does not exist.
func cork(net.Conn, bool) {}
