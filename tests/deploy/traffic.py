"""Which app host served each request, read from the logs as an operator would: nginx's access log
names the upstream it passed each request id to, and the host's own access log has the id too."""

import re
import time
from dataclasses import dataclass

# nginx's `portal` log format (portal/deploy/nginx.conf.j2).
NGINX_LINE = re.compile(
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) \S+ \S+ upstream=(?P<upstream>.+) '
    r"request_id=(?P<id>\w+)$"
)
# A log line is written once the response has gone: a moment after the client has it.
LOG_WAIT_SECONDS = 10


@dataclass(frozen=True)
class Served:
    request: str  # "POST /sign-in HTTP/2.0"
    status: int
    tried: tuple  # the ports nginx passed the request to, in order: the last one answered

    @property
    def port(self):
        return self.tried[-1]


class Traffic:
    """The cluster's hosts named A and B (in port order), and what served each request id."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.names = dict(zip(cluster.host_ports, "AB", strict=True))
        self.nginx_log = cluster.run_dir / "nginx-access.log"

    def name(self, port):
        return self.names[port]

    def served(self, request_id):
        """How nginx served the request with this id (waits for its log line)."""
        return wait_for(
            lambda: self.read_nginx().get(request_id), f"request {request_id} in nginx's log"
        )

    def host(self, request_id):
        """The name of the host that answered the request, checked in the hosts' own logs."""
        port = self.served(request_id).port
        wait_for(
            lambda: request_id in self.cluster.access_log(port).read_text(),
            f"request {request_id} in host {self.name(port)}'s access log",
        )
        others = [other for other in self.names if other != port]
        assert not any(request_id in self.cluster.access_log(o).read_text() for o in others)
        return self.name(port)

    def read_nginx(self):
        """{request id: Served} for every request nginx passed to a host."""
        served = {}
        for line in self.nginx_log.read_text().splitlines():
            match = NGINX_LINE.search(line)
            if match and match["upstream"] != "-":
                tried = tuple(
                    int(address.rpartition(":")[2]) for address in match["upstream"].split(", ")
                )
                served[match["id"]] = Served(match["request"], int(match["status"]), tried)
        return served


def wait_for(probe, what, seconds=LOG_WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"Not found within {seconds} s: {what}")
        time.sleep(0.05)
