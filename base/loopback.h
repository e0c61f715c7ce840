// Whether a gRPC address stays on this machine: the one case where a link may
// run without TLS (development, tests, a sidecar on the same host).
#pragma once

#include <string_view>

namespace usulan::base {

// True for 127.0.0.0/8, ::1 and `localhost`, written as host:port, [v6]:port or a
// bare host, with or without gRPC's dns:///, ipv4: or ipv6: scheme, and for unix:
// sockets. False for anything else, including 0.0.0.0 and [::] (every interface)
// and names that merely resolve to loopback. Pure.
bool IsLoopbackAddress(std::string_view address);

}  // namespace usulan::base
